using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace TeleportPlugins.Fakes.Slack;

/// <summary>
/// The Slack Web API methods the adapter calls (<c>auth.test</c>, <c>chat.postMessage</c>, <c>chat.update</c>,
/// <c>users.lookupByEmail</c>), checking what Slack checks: method, path, the Bearer token, a JSON body with string
/// <c>channel</c>/<c>ts</c>/<c>thread_ts</c>, Block Kit limits, known channels, users and messages. Like Slack it
/// refuses with HTTP 200 and <c>{"ok":false,"error":…}</c> (<c>not_authed</c>, <c>invalid_auth</c>,
/// <c>invalid_json</c>, <c>channel_not_found</c>, <c>no_text</c>, <c>invalid_blocks</c>, <c>invalid_thread_ts</c>,
/// <c>message_not_found</c>, <c>users_not_found</c>) and answers a burst with 429 + Retry-After. A post to a channel
/// creates a request's root message, a thread reply is a review's reply, and an edit or a direct message (the requester
/// told the outcome) updates: that is the <see cref="CallKind"/> each accepted call reports.
/// </summary>
public sealed class SlackApiFake : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _channelsByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _channelIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _usersByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _userIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _directChannels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SlackPostedMessage> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SlackUpdatedMessage> _updates = new();
    private readonly RateLimitPlan _limit = new();
    private DestinationRateLimit? _perChannel;
    private long _clock = 1_763_726_400_000_100;
    private int _retryAfter;
    private bool _everyEmailIsAUser;

    private SlackApiFake(FakeApiServer server, string token)
    {
        Server = server;
        Token = token;
    }

    /// <summary>The HTTP server (recorded requests, injected failures, counters).</summary>
    public FakeApiServer Server { get; }

    /// <summary>The bot token the fake accepts.</summary>
    public string Token { get; }

    /// <summary>The value for the adapter's <c>api_url</c>.</summary>
    public Uri ApiUrl => new(Server.BaseAddress, "api/");

    /// <summary>Root messages and thread replies, in the order Slack accepted them.</summary>
    public IReadOnlyList<SlackPostedMessage> Messages => [.. _messages.Values.OrderBy(m => m.Ts, StringComparer.Ordinal)];

    /// <summary>Root messages only.</summary>
    public IReadOnlyList<SlackPostedMessage> RootMessages => [.. Messages.Where(m => m.ThreadTs is null)];

    /// <summary>Accepted edits, in order.</summary>
    public IReadOnlyList<SlackUpdatedMessage> Updates => [.. _updates];

    /// <summary>Starts the fake with a workspace holding channel <c>#general</c> (C0GENERAL).</summary>
    /// <param name="token">The token it accepts.</param>
    /// <param name="options">Recording (tests, the default) or counted (load runs).</param>
    /// <returns>The fake.</returns>
    public static async Task<SlackApiFake> StartAsync(string token = "xoxb-fake-0123456789-secret", FakeServerOptions? options = null)
    {
        var fake = new SlackApiFake(await FakeApiServer.StartAsync(options), token);
        fake.AddChannel("general", "C0GENERAL");
        fake.Server.Map("POST", "/api/auth.test", fake.AuthTest);
        fake.Server.Map("POST", "/api/chat.postMessage", fake.PostMessage);
        fake.Server.Map("POST", "/api/chat.update", fake.Update);
        fake.Server.Map("GET", "/api/users.lookupByEmail", fake.LookupByEmail);
        return fake;
    }

    /// <summary>Adds a public channel.</summary>
    /// <param name="name">Its name without '#'.</param>
    /// <param name="id">Its ID (C…).</param>
    public void AddChannel(string name, string id)
    {
        _channelsByName[name] = id;
        _channelIds[id] = 0;
    }

    /// <summary>Adds a user findable by e-mail; direct messages to it land in channel <c>D</c> + the ID without its first letter.</summary>
    /// <param name="email">The user's e-mail address.</param>
    /// <param name="id">The user ID (U…).</param>
    public void AddUser(string email, string id)
    {
        _usersByEmail[email] = id;
        _userIds[id] = 0;
        _directChannels[DirectChannelOf(id)] = 0;
    }

    /// <summary>
    /// Makes every e-mail address a workspace member, as a load run's generated requesters need: a lookup of an unknown
    /// address adds the user <c>U</c> + 8 hex digits of the address's hash.
    /// </summary>
    public void KnowEveryEmail() => _everyEmailIsAUser = true;

    /// <summary>The direct-message channel of a user.</summary>
    /// <param name="userId">The user ID.</param>
    /// <returns>The D… channel ID.</returns>
    public static string DirectChannelOf(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return "D" + userId[1..];
    }

    /// <summary>
    /// After <paramref name="afterSuccesses"/> more accepted posts, the next <paramref name="count"/>
    /// <c>chat.postMessage</c> calls get HTTP 429 with <c>Retry-After</c>, as Slack answers a burst.
    /// </summary>
    /// <param name="count">How many calls are limited.</param>
    /// <param name="retryAfterSeconds">The Retry-After value.</param>
    /// <param name="afterSuccesses">How many posts still pass first.</param>
    public void RateLimitPosts(int count, int retryAfterSeconds, int afterSuccesses = 0)
    {
        _retryAfter = retryAfterSeconds;
        _limit.Set(count, afterSuccesses);
    }

    /// <summary>
    /// Enforces Slack's special limit of <c>chat.postMessage</c>, "one message per second per channel" (the
    /// workspace-wide limit is not modelled): a second post to a channel within the second gets 429 with the rest of
    /// the second as Retry-After, and is not posted.
    /// </summary>
    /// <param name="time">The clock the second is measured on.</param>
    public void LimitPostsPerChannel(TimeProvider time)
    {
        var limit = new DestinationRateLimit(time);
        limit.Enable(1, TimeSpan.FromSeconds(1));
        _perChannel = limit;
    }

    /// <summary>The next <paramref name="count"/> calls to <paramref name="method"/> fail with HTTP <paramref name="status"/>.</summary>
    /// <param name="method">A Web API method, e.g. <c>chat.postMessage</c>.</param>
    /// <param name="status">A 5xx status.</param>
    /// <param name="count">How many.</param>
    public void FailWithServerError(string method, int status = 503, int count = 1) =>
        Server.FailNext(method.StartsWith("users.", StringComparison.Ordinal) ? "GET" : "POST", $"/api/{method}", FakeResponse.Unavailable(status), count);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static FakeResponse Fail(string error) =>
        new(200, $$"""{"ok":false,"error":"{{error}}"}""") { Refusal = true };

    private static FakeResponse RateLimited(TimeSpan retryAfter) => FakeResponse.TooManyRequests(retryAfter, """{"ok":false,"error":"ratelimited"}""");

    private static string UserIdOf(string email) =>
        string.Create(CultureInfo.InvariantCulture, $"U{(uint)StringComparer.OrdinalIgnoreCase.GetHashCode(email):X8}");

    private string? AuthError(FakeRequest request) => request.Header("Authorization") switch
    {
        null => "not_authed",
        var header when string.Equals(header, "Bearer " + Token, StringComparison.Ordinal) => null,
        _ => "invalid_auth",
    };

    private FakeResponse AuthTest(FakeRequest request) => AuthError(request) is { } error
        ? Fail(error)
        : FakeResponse.JsonBody(new { ok = true, url = "https://example.slack.com/", team = "Example", user = "teleport-bot", team_id = "T0EXAMPLE", user_id = "U0BOT" });

    private FakeResponse LookupByEmail(FakeRequest request)
    {
        if (AuthError(request) is { } error)
        {
            return Fail(error);
        }

        var email = request.QueryValue("email");
        if (string.IsNullOrEmpty(email))
        {
            return Fail("invalid_arguments");
        }

        if (!_usersByEmail.TryGetValue(email, out var id))
        {
            if (!_everyEmailIsAUser)
            {
                return Fail("users_not_found");
            }

            id = UserIdOf(email);
            AddUser(email, id);
        }

        return FakeResponse.JsonBody(new { ok = true, user = new { id, team_id = "T0EXAMPLE", name = email.Split('@')[0], deleted = false, profile = new { email } } });
    }

    private FakeResponse PostMessage(FakeRequest request)
    {
        if (_limit.ShouldRefuse())
        {
            return RateLimited(TimeSpan.FromSeconds(_retryAfter));
        }

        if (Parse(request, out var body) is { } invalid)
        {
            return invalid;
        }

        var channel = FakeJson.Text(body, "channel") is { } target ? ResolveChannel(target) : null;
        if (channel is null)
        {
            return Fail("channel_not_found");
        }

        if (ContentError(body, out var text, out var blocks) is { } contentError)
        {
            return Fail(contentError);
        }

        string? threadTs = null;
        if (body.TryGetProperty("thread_ts", out var thread))
        {
            // Slack takes thread_ts as a string (a number loses precision, so the SDKs refuse it), and only a top-level
            // message of the same channel starts a thread.
            if (thread.ValueKind != JsonValueKind.String
                || !_messages.TryGetValue(thread.GetString()!, out var parent) || parent.Channel != channel || parent.ThreadTs is not null)
            {
                return Fail("invalid_thread_ts");
            }

            threadTs = parent.Ts;
        }

        if (_perChannel?.Refuse(channel) is { } wait)
        {
            return RateLimited(wait);
        }

        var ts = NextTs();
        _messages[ts] = new SlackPostedMessage(channel, ts, threadTs, text, blocks);
        var kind = threadTs is not null ? CallKind.Reply : channel[0] == 'D' ? CallKind.Update : CallKind.Root;
        return FakeResponse.JsonBody(kind, new { ok = true, channel, ts, message = new { type = "message", text, ts } });
    }

    private FakeResponse Update(FakeRequest request)
    {
        if (Parse(request, out var body) is { } invalid)
        {
            return invalid;
        }

        // chat.update needs the channel ID Slack returned when posting; user IDs and names are refused.
        var channel = FakeJson.Text(body, "channel");
        if (channel is null || !(channel.StartsWith('C') || channel.StartsWith('D')))
        {
            return Fail("channel_not_found");
        }

        if (FakeJson.Text(body, "ts") is not { } ts || !_messages.TryGetValue(ts, out var message) || message.Channel != channel)
        {
            return Fail("message_not_found");
        }

        if (ContentError(body, out var text, out var blocks) is { } contentError)
        {
            return Fail(contentError);
        }

        _updates.Enqueue(new SlackUpdatedMessage(channel, ts, text, blocks));
        return FakeResponse.JsonBody(CallKind.Update, new { ok = true, channel, ts, text });
    }

    private FakeResponse? Parse(FakeRequest request, out JsonElement body)
    {
        body = default;
        if (AuthError(request) is { } error)
        {
            return Fail(error);
        }

        if (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return Fail("invalid_form_data");
        }

        return FakeJson.TryParseObject(request.Body, out body) ? null : Fail("invalid_json");
    }

    /// <summary>The channel ID a <c>channel</c> argument names: a channel by ID or name, a user's direct messages by user or D… ID.</summary>
    private string? ResolveChannel(string target)
    {
        if (_channelIds.ContainsKey(target) || _directChannels.ContainsKey(target))
        {
            return target;
        }

        if (_channelsByName.TryGetValue(target.TrimStart('#'), out var id))
        {
            return id;
        }

        return _userIds.ContainsKey(target) ? DirectChannelOf(target) : null;
    }

    /// <summary>Reads a message's <c>text</c> and <c>blocks</c>; Slack's error code when the blocks break Block Kit's limits or both are empty.</summary>
    private static string? ContentError(JsonElement body, out string text, out string blocks)
    {
        text = FakeJson.Text(body, "text") ?? string.Empty;
        blocks = BlocksText(body, out var blocksError);
        return blocksError ?? (text.Length == 0 && blocks.Length == 0 ? "no_text" : null);
    }

    // Block Kit limits: at most 50 blocks; section text up to 3000 characters; context elements up to 10.
    private static string BlocksText(JsonElement body, out string? error)
    {
        error = null;
        if (!body.TryGetProperty("blocks", out var blocks))
        {
            return string.Empty;
        }

        if (blocks.ValueKind != JsonValueKind.Array || blocks.GetArrayLength() > 50)
        {
            error = "invalid_blocks";
            return string.Empty;
        }

        var texts = new List<string>();
        foreach (var block in blocks.EnumerateArray())
        {
            var type = FakeJson.Text(block, "type");
            if (type == "section" && block.TryGetProperty("text", out var text) && IsTextObject(text))
            {
                texts.Add(text.GetProperty("text").GetString()!);
            }
            else if (type == "context" && block.TryGetProperty("elements", out var elements) && elements.ValueKind == JsonValueKind.Array
                && elements.GetArrayLength() is > 0 and <= 10 && elements.EnumerateArray().All(IsTextObject))
            {
                texts.AddRange(elements.EnumerateArray().Select(e => e.GetProperty("text").GetString()!));
            }
            else
            {
                error = "invalid_blocks";
                return string.Empty;
            }
        }

        return string.Join('\n', texts);
    }

    private static bool IsTextObject(JsonElement element) =>
        FakeJson.Text(element, "type") is "mrkdwn" or "plain_text"
        && FakeJson.Text(element, "text") is { Length: > 0 and <= 3000 };

    private string NextTs()
    {
        var value = Interlocked.Increment(ref _clock);
        return string.Create(CultureInfo.InvariantCulture, $"{value / 1_000_000}.{value % 1_000_000:D6}");
    }
}
