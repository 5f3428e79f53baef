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
/// A message keeps its <c>metadata</c>; the reads a resumed step makes are there as Slack documents them, each needing its
/// scope (<see cref="WithoutScope"/> makes one answer <c>missing_scope</c>): <c>conversations.history</c> (a
/// channel's top-level messages newer than <c>oldest</c>, newest first) and <c>conversations.replies</c> (a thread's
/// parent, then its replies oldest first), both with cursor pagination and metadata only with
/// <c>include_all_metadata</c>, indexed per channel and per thread; <c>conversations.open</c> (a user's DM channel) and
/// <c>conversations.list</c> (channels by name). Message timestamps come from the fake's clock (<see cref="UseClock"/>).
/// </summary>
public sealed partial class SlackApiFake : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _channelsByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _channelIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _usersByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _userIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _directChannels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SlackPostedMessage> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SlackUpdatedMessage> _updates = new();

    // The ts of each channel's top-level messages and of each thread's replies, ascending (appended under the list's lock).
    private readonly ConcurrentDictionary<string, List<string>> _channelLog = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<string>> _threadLog = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _missingScopes = new(StringComparer.Ordinal);
    private TimeProvider _time = TimeProvider.System;
    private long _lastTs;
    private readonly RateLimitPlan _limit = new();
    private DestinationRateLimit? _perChannel;
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
        fake.Server.Map("GET", "/api/conversations.history", fake.History);
        fake.Server.Map("GET", "/api/conversations.replies", fake.Replies);
        fake.Server.Map("POST", "/api/conversations.open", fake.Open);
        fake.Server.Map("GET", "/api/conversations.list", fake.List);
        fake.MapReviewCalls();
        return fake;
    }

    /// <summary>Stamps messages from now on with <paramref name="time"/> (the system clock by default), as Slack stamps its ts.</summary>
    /// <param name="time">The clock.</param>
    public void UseClock(TimeProvider time) => _time = time;

    /// <summary>Takes a scope from the bot token: the methods that need it answer <c>missing_scope</c>.</summary>
    /// <param name="scope">E.g. <c>channels:history</c>.</param>
    public void WithoutScope(string scope) => _missingScopes[scope] = 0;

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
    public async ValueTask DisposeAsync()
    {
        if (_socketMode is { } socketMode)
        {
            await socketMode.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

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

        if (ContentError(body, out var text, out var blocks, out var buttons) is { } contentError)
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

        var metadata = body.TryGetProperty("metadata", out var given) ? given : default;
        if (metadata.ValueKind != JsonValueKind.Undefined
            && (FakeJson.Text(metadata, "event_type") is not { Length: > 0 } || FakeJson.Field(metadata, "event_payload").ValueKind != JsonValueKind.Object))
        {
            return Fail("invalid_metadata_format");
        }

        // Appending under the log's lock keeps each channel's and thread's ts ascending.
        var log = threadTs is null ? _channelLog.GetOrAdd(channel, _ => []) : _threadLog.GetOrAdd(threadTs, _ => []);
        string ts;
        lock (log)
        {
            ts = NextTs();
            _messages[ts] = new SlackPostedMessage(channel, ts, threadTs, text, blocks, metadata.ValueKind == JsonValueKind.Undefined ? null : metadata.GetRawText(), buttons);
            log.Add(ts);
        }

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

        if (ContentError(body, out var text, out var blocks, out var buttons) is { } contentError)
        {
            return Fail(contentError);
        }

        _updates.Enqueue(new SlackUpdatedMessage(channel, ts, text, blocks, buttons));
        return FakeResponse.JsonBody(CallKind.Update, new { ok = true, channel, ts, text });
    }

    /// <summary><c>conversations.history</c>: top-level messages newer than <c>oldest</c> (exclusive), newest first.</summary>
    private FakeResponse History(FakeRequest request)
    {
        if (ReadError(request, out var channel, out var limit, out var cursor) is { } error)
        {
            return error;
        }

        var oldest = request.QueryValue("oldest") ?? "0";
        var latest = cursor ?? request.QueryValue("latest");
        var log = _channelLog.GetValueOrDefault(channel);
        var page = new List<string>();
        var more = false;
        if (log is not null)
        {
            lock (log)
            {
                // From the newest message before latest down to the first not newer than oldest.
                var at = latest is null ? log.Count - 1 : LowerBound(log, latest) - 1;
                for (; at >= 0 && CompareTs(log[at], oldest) > 0; at--)
                {
                    if (page.Count == limit)
                    {
                        more = true;
                        break;
                    }

                    page.Add(log[at]);
                }
            }
        }

        return Page(request, page, more ? page[^1] : null);
    }

    /// <summary><c>conversations.replies</c>: the thread's parent (first page only), then replies newer than <c>oldest</c>, oldest first.</summary>
    private FakeResponse Replies(FakeRequest request)
    {
        if (ReadError(request, out var channel, out var limit, out var cursor) is { } error)
        {
            return error;
        }

        if (request.QueryValue("ts") is not { } ts || !_messages.TryGetValue(ts, out var parent) || parent.Channel != channel)
        {
            return Fail("thread_not_found");
        }

        var page = cursor is null ? new List<string> { parent.ThreadTs ?? ts } : [];
        var after = cursor ?? request.QueryValue("oldest") ?? "0";
        var more = false;
        if (_threadLog.GetValueOrDefault(parent.ThreadTs ?? ts) is { } log)
        {
            lock (log)
            {
                for (var at = UpperBound(log, after); at < log.Count; at++)
                {
                    if (page.Count == limit)
                    {
                        more = true;
                        break;
                    }

                    page.Add(log[at]);
                }
            }
        }

        return Page(request, page, more ? page[^1] : null);
    }

    private FakeResponse Open(FakeRequest request)
    {
        if (Parse(request, out var body) is { } invalid)
        {
            return invalid;
        }

        if (_missingScopes.ContainsKey("im:write"))
        {
            return MissingScope("im:write");
        }

        return FakeJson.Text(body, "users") is { } user && _userIds.ContainsKey(user)
            ? FakeResponse.JsonBody(new { ok = true, channel = new { id = DirectChannelOf(user) } })
            : Fail("user_not_found");
    }

    /// <summary><c>conversations.list</c>: the public channels by name, a page per cursor (an offset here).</summary>
    private FakeResponse List(FakeRequest request)
    {
        if (AuthError(request) is { } error)
        {
            return Fail(error);
        }

        if (_missingScopes.ContainsKey("channels:read"))
        {
            return MissingScope("channels:read");
        }

        var limit = int.TryParse(request.QueryValue("limit"), CultureInfo.InvariantCulture, out var given) ? Math.Clamp(given, 1, 1000) : 100;
        var start = int.TryParse(DecodeCursor(request.QueryValue("cursor")), CultureInfo.InvariantCulture, out var offset) ? offset : 0;
        var channels = _channelsByName.OrderBy(c => c.Key, StringComparer.Ordinal).Skip(start).Take(limit + 1).ToList();
        var next = channels.Count > limit ? EncodeCursor((start + limit).ToString(CultureInfo.InvariantCulture)) : string.Empty;
        return FakeResponse.JsonBody(new
        {
            ok = true,
            channels = channels.Take(limit).Select(c => new { id = c.Value, name = c.Key, is_channel = true, is_private = false, is_archived = false }),
            response_metadata = new { next_cursor = next },
        });
    }

    /// <summary>Checks what both history methods check: the token, <c>channel</c> (an ID), its scope, <c>limit</c> and <c>cursor</c>.</summary>
    private FakeResponse? ReadError(FakeRequest request, out string channel, out int limit, out string? cursor)
    {
        channel = request.QueryValue("channel") ?? string.Empty;
        limit = int.TryParse(request.QueryValue("limit"), CultureInfo.InvariantCulture, out var given) ? given : 100;
        cursor = null;
        if (AuthError(request) is { } error)
        {
            return Fail(error);
        }

        if (!(_channelIds.ContainsKey(channel) || _directChannels.ContainsKey(channel)))
        {
            return Fail("channel_not_found");
        }

        var scope = channel[0] switch { 'D' => "im:history", 'G' => "groups:history", _ => "channels:history" };
        if (_missingScopes.ContainsKey(scope))
        {
            return MissingScope(scope);
        }

        if (limit is < 1 or > 999)
        {
            return Fail("invalid_limit");
        }

        var raw = request.QueryValue("cursor");
        cursor = string.IsNullOrEmpty(raw) ? null : DecodeCursor(raw);
        return raw is { Length: > 0 } && cursor is null ? Fail("invalid_cursor") : null;
    }

    private FakeResponse Page(FakeRequest request, List<string> page, string? nextTs)
    {
        var withMetadata = request.QueryValue("include_all_metadata") is "true" or "1";
        return FakeResponse.JsonBody(new
        {
            ok = true,
            messages = page.Select(ts => _messages[ts]).Select(m => new
            {
                type = "message",
                user = "U0BOT",
                text = m.Text,
                ts = m.Ts,
                thread_ts = m.ThreadTs ?? (_threadLog.ContainsKey(m.Ts) ? m.Ts : null),
                metadata = withMetadata && m.Metadata is { } json ? JsonSerializer.Deserialize<JsonElement>(json) : (JsonElement?)null,
            }),
            has_more = nextTs is not null,
            response_metadata = new { next_cursor = nextTs is null ? string.Empty : EncodeCursor(nextTs) },
        });
    }

    private static FakeResponse MissingScope(string needed) =>
        new(200, $$"""{"ok":false,"error":"missing_scope","needed":"{{needed}}","provided":"chat:write,users:read.email"}""") { Refusal = true };

    private static string EncodeCursor(string position) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("next:" + position));

    private static string? DecodeCursor(string? cursor)
    {
        try
        {
            var text = cursor is null ? null : System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text?.StartsWith("next:", StringComparison.Ordinal) == true ? text[5..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // A ts is seconds.micros with six digits: compared as numbers, whatever the number of digits before the dot.
    private static int CompareTs(string a, string b) =>
        decimal.Parse(a, CultureInfo.InvariantCulture).CompareTo(decimal.Parse(b, CultureInfo.InvariantCulture));

    /// <summary>The first index whose ts is not older than <paramref name="ts"/>.</summary>
    private static int LowerBound(List<string> log, string ts)
    {
        int low = 0, high = log.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (CompareTs(log[mid], ts) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>The first index whose ts is newer than <paramref name="ts"/>.</summary>
    private static int UpperBound(List<string> log, string ts)
    {
        var at = LowerBound(log, ts);
        return at < log.Count && CompareTs(log[at], ts) == 0 ? at + 1 : at;
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
    private static string? ContentError(JsonElement body, out string text, out string blocks, out IReadOnlyList<SlackPostedButton> buttons)
    {
        text = FakeJson.Text(body, "text") ?? string.Empty;
        blocks = BlocksText(body, out var blocksError, out buttons);
        return blocksError ?? (text.Length == 0 && blocks.Length == 0 ? "no_text" : null);
    }

    // Block Kit limits: at most 50 blocks; section text up to 3000 characters; context elements up to 10; actions
    // elements up to 25, buttons with a plain_text label up to 75 characters, action_id up to 255, value up to 2000.
    private static string BlocksText(JsonElement body, out string? error, out IReadOnlyList<SlackPostedButton> buttons)
    {
        error = null;
        var found = new List<SlackPostedButton>();
        buttons = found;
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
            else if (type == "actions" && block.TryGetProperty("elements", out var actions) && actions.ValueKind == JsonValueKind.Array
                && actions.GetArrayLength() is > 0 and <= 25 && actions.EnumerateArray().All(IsButton))
            {
                found.AddRange(actions.EnumerateArray().Select(b => new SlackPostedButton(
                    b.GetProperty("action_id").GetString()!, b.GetProperty("value").GetString()!, b.GetProperty("text").GetProperty("text").GetString()!, FakeJson.Text(block, "block_id"))));
            }
            else
            {
                error = "invalid_blocks";
                return string.Empty;
            }
        }

        return string.Join('\n', texts);
    }

    private static bool IsButton(JsonElement element) =>
        FakeJson.Text(element, "type") == "button"
        && element.TryGetProperty("text", out var label) && FakeJson.Text(label, "type") == "plain_text" && FakeJson.Text(label, "text") is { Length: > 0 and <= 75 }
        && FakeJson.Text(element, "action_id") is { Length: > 0 and <= 255 }
        && FakeJson.Text(element, "value") is { Length: > 0 and <= 2000 }
        && FakeJson.Text(element, "style") is null or "primary" or "danger";

    private static bool IsTextObject(JsonElement element) =>
        FakeJson.Text(element, "type") is "mrkdwn" or "plain_text"
        && FakeJson.Text(element, "text") is { Length: > 0 and <= 3000 };

    /// <summary>The clock's time in microseconds, one more than the last when the clock has not moved (ts are unique).</summary>
    private string NextTs()
    {
        var now = (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        long last, value;
        do
        {
            last = Interlocked.Read(ref _lastTs);
            value = Math.Max(now, last + 1);
        }
        while (Interlocked.CompareExchange(ref _lastTs, value, last) != last);
        return string.Create(CultureInfo.InvariantCulture, $"{value / 1_000_000}.{value % 1_000_000:D6}");
    }
}
