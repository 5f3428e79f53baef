using TeleportPlugins.Fakes;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace TeleportPlugins.Adapters.Slack.Tests;

/// <summary>
/// An in-process Slack Web API with the methods the adapter calls (<c>auth.test</c>, <c>chat.postMessage</c>,
/// <c>chat.update</c>, <c>users.lookupByEmail</c>), checking what Slack checks: method, path, the Bearer token, a JSON
/// body with string <c>channel</c>/<c>ts</c>/<c>thread_ts</c>, Block Kit limits, known channels, users and messages.
/// Like Slack it answers HTTP 200 with <c>{"ok":false,"error":…}</c> on failures and 429 + Retry-After when limited.
/// </summary>
public sealed class SlackApiFake : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _channelsByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _usersByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<SlackPostedMessage> _messages = new();
    private readonly ConcurrentQueue<SlackUpdatedMessage> _updates = new();
    private readonly RateLimitPlan _limit = new();
    private long _clock = 1_763_726_400_000_100;
    private int _retryAfter;

    private SlackApiFake(FakeApiServer server, string token)
    {
        Server = server;
        Token = token;
    }

    /// <summary>The HTTP server (recorded requests, injected failures).</summary>
    public FakeApiServer Server { get; }

    /// <summary>The bot token the fake accepts.</summary>
    public string Token { get; }

    /// <summary>The value for the adapter's <c>api_url</c>.</summary>
    public Uri ApiUrl => new(Server.BaseAddress, "api/");

    /// <summary>Root messages and thread replies, in the order Slack accepted them.</summary>
    public IReadOnlyList<SlackPostedMessage> Messages => [.. _messages];

    /// <summary>Root messages only.</summary>
    public IReadOnlyList<SlackPostedMessage> RootMessages => [.. _messages.Where(m => m.ThreadTs is null)];

    /// <summary>Accepted edits, in order.</summary>
    public IReadOnlyList<SlackUpdatedMessage> Updates => [.. _updates];

    /// <summary>Starts the fake with a workspace holding channel <c>#general</c> (C0GENERAL).</summary>
    /// <param name="token">The token it accepts.</param>
    /// <returns>The fake.</returns>
    public static async Task<SlackApiFake> StartAsync(string token = "xoxb-fake-0123456789-secret")
    {
        var fake = new SlackApiFake(await FakeApiServer.StartAsync(), token);
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
    public void AddChannel(string name, string id) => _channelsByName[name] = id;

    /// <summary>Adds a user findable by e-mail; direct messages to it land in channel <c>D</c> + the ID without its first letter.</summary>
    /// <param name="email">The user's e-mail address.</param>
    /// <param name="id">The user ID (U…).</param>
    public void AddUser(string email, string id) => _usersByEmail[email] = id;

    /// <summary>The direct-message channel of a user.</summary>
    /// <param name="userId">The user ID.</param>
    /// <returns>The D… channel ID.</returns>
    public static string DirectChannelOf(string userId) => "D" + userId[1..];

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

    /// <summary>The next <paramref name="count"/> calls to <paramref name="method"/> fail with HTTP <paramref name="status"/>.</summary>
    /// <param name="method">A Web API method, e.g. <c>chat.postMessage</c>.</param>
    /// <param name="status">A 5xx status.</param>
    /// <param name="count">How many.</param>
    public void FailWithServerError(string method, int status = 503, int count = 1) =>
        Server.FailNext(method.StartsWith("users.", StringComparison.Ordinal) ? "GET" : "POST", $"/api/{method}", new FakeResponse(status, "upstream unavailable", "text/plain"), count);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static FakeResponse Fail(string error) => FakeResponse.JsonBody(new { ok = false, error });

    private string? AuthError(FakeRequest request) => request.Header("Authorization") switch
    {
        null => "not_authed",
        var header when header == $"Bearer {Token}" => null,
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

        var query = request.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);
        if (!query.TryGetValue("email", out var email))
        {
            return Fail("invalid_arguments");
        }

        return _usersByEmail.TryGetValue(email, out var id)
            ? FakeResponse.JsonBody(new { ok = true, user = new { id, team_id = "T0EXAMPLE", name = email.Split('@')[0], deleted = false, profile = new { email } } })
            : Fail("users_not_found");
    }

    private FakeResponse PostMessage(FakeRequest request)
    {
        if (_limit.ShouldRefuse())
        {
            return FakeResponse.Error(429, "{\"ok\":false,\"error\":\"ratelimited\"}", ("Retry-After", _retryAfter.ToString(CultureInfo.InvariantCulture)));
        }

        if (Parse(request, out var body) is { } invalid)
        {
            return invalid;
        }

        if (!TryString(body, "channel", out var target))
        {
            return Fail("channel_not_found");
        }

        var channel = ResolveChannel(target);
        if (channel is null)
        {
            return Fail("channel_not_found");
        }

        TryString(body, "text", out var text);
        var blocks = BlocksText(body, out var blocksError);
        if (blocksError is not null)
        {
            return Fail(blocksError);
        }

        if (string.IsNullOrEmpty(text) && blocks.Length == 0)
        {
            return Fail("no_text");
        }

        string? threadTs = null;
        if (body.TryGetProperty("thread_ts", out var thread))
        {
            // Slack takes thread_ts as a string; a number loses precision, so the SDKs refuse it.
            if (thread.ValueKind != JsonValueKind.String || !_messages.Any(m => m.Channel == channel && m.Ts == thread.GetString() && m.ThreadTs is null))
            {
                return Fail("invalid_thread_ts");
            }

            threadTs = thread.GetString();
        }

        var ts = NextTs();
        _messages.Enqueue(new SlackPostedMessage(channel, ts, threadTs, text ?? string.Empty, blocks));
        return FakeResponse.JsonBody(new { ok = true, channel, ts, message = new { type = "message", text, ts } });
    }

    private FakeResponse Update(FakeRequest request)
    {
        if (Parse(request, out var body) is { } invalid)
        {
            return invalid;
        }

        // chat.update needs the channel ID Slack returned when posting; user IDs and names are refused.
        if (!TryString(body, "channel", out var channel) || !(channel.StartsWith('C') || channel.StartsWith('D')))
        {
            return Fail("channel_not_found");
        }

        if (!TryString(body, "ts", out var ts) || !_messages.Any(m => m.Channel == channel && m.Ts == ts))
        {
            return Fail("message_not_found");
        }

        TryString(body, "text", out var text);
        var blocks = BlocksText(body, out var blocksError);
        if (blocksError is not null)
        {
            return Fail(blocksError);
        }

        _updates.Enqueue(new SlackUpdatedMessage(channel, ts, text ?? string.Empty, blocks));
        return FakeResponse.JsonBody(new { ok = true, channel, ts, text });
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

        try
        {
            using var document = JsonDocument.Parse(request.Body);
            body = document.RootElement.Clone();
            return body.ValueKind == JsonValueKind.Object ? null : Fail("invalid_json");
        }
        catch (JsonException)
        {
            return Fail("invalid_json");
        }
    }

    private string? ResolveChannel(string target)
    {
        if (_channelsByName.Values.Contains(target, StringComparer.Ordinal) || (target.StartsWith('D') && _usersByEmail.Values.Any(u => DirectChannelOf(u) == target)))
        {
            return target;
        }

        if (_channelsByName.TryGetValue(target.TrimStart('#'), out var id))
        {
            return id;
        }

        return _usersByEmail.Values.Contains(target, StringComparer.Ordinal) ? DirectChannelOf(target) : null;
    }

    private static bool TryString(JsonElement body, string name, out string value)
    {
        value = string.Empty;
        if (body.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
            return true;
        }

        return false;
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
            var type = block.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "section" && block.TryGetProperty("text", out var text) && IsTextObject(text, 3000))
            {
                texts.Add(text.GetProperty("text").GetString()!);
            }
            else if (type == "context" && block.TryGetProperty("elements", out var elements) && elements.ValueKind == JsonValueKind.Array
                && elements.GetArrayLength() is > 0 and <= 10 && elements.EnumerateArray().All(e => IsTextObject(e, 3000)))
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

    private static bool IsTextObject(JsonElement element, int limit) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("type", out var type) && type.GetString() is "mrkdwn" or "plain_text"
        && element.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
        && text.GetString()!.Length is > 0 and <= 3000 && text.GetString()!.Length <= limit;

    private string NextTs()
    {
        var value = Interlocked.Increment(ref _clock);
        return string.Create(CultureInfo.InvariantCulture, $"{value / 1_000_000}.{value % 1_000_000:D6}");
    }
}
