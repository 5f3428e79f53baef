using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeleportPlugins.Fakes.Discord;

/// <summary>
/// An in-process Discord API v10 with what the adapter calls: <c>GET /users/@me</c>, Create Message
/// (<c>POST /channels/{id}/messages</c>, with <c>message_reference</c> replies) and Edit Message (<c>PATCH</c>). It checks
/// <c>Authorization: Bot …</c>, a User-Agent, JSON bodies, content of 1–2000 characters, known channels and referenced
/// messages, and answers with Discord's shapes: message objects with string snowflakes, <c>{code, message}</c> errors,
/// and on 429 <c>{message, retry_after, global}</c> with Retry-After and X-RateLimit headers. A new message is a
/// request's root, a reply a review's reply, an edit an update.
/// Message IDs are snowflakes of the fake's clock (<see cref="UseClock"/>). A create with <c>nonce</c> and
/// <c>enforce_nonce: true</c> whose nonce the bot used within <see cref="NonceWindow"/> gets the earlier message back
/// and creates nothing (a read), as Discord documents for "the past few minutes". Get Channel Messages
/// (<c>GET /channels/{id}/messages</c> with <c>after</c> or <c>before</c> and <c>limit</c> 1–100, newest first) answers
/// from an index of each channel's messages, with embeds and <c>message_reference</c> but, as Discord's reads, no nonce.
/// Message components are checked as Discord does (at most 5 action rows of at most 5 buttons; a button has a style
/// 1–4 with a <c>custom_id</c> of 1–100 characters and a label of at most 80); an edit with <c>components</c> replaces
/// them, without leaves them. Interactions: <see cref="ClickBody"/>, <see cref="ModalSubmitBody"/> and
/// <see cref="PingBody"/> build what Discord POSTs to the app's Interactions Endpoint URL (a click only on a button the
/// message has), each with an interaction token; Edit Original Interaction Response
/// (<c>PATCH /webhooks/{application_id}/{token}/messages/@original</c>) accepts only a token it issued, within 15 minutes.
/// </summary>
public sealed class DiscordApiFake : IAsyncDisposable
{
    private const string Api = "/api/v10/";
    private const string BotUserId = "900000000000000009";

    /// <summary>The application's ID, as interactions carry it.</summary>
    public const string ApplicationId = "800000000000000008";

    private static readonly TimeSpan InteractionTokenLifetime = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _interactionTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _originalResponses = new(StringComparer.Ordinal);
    private const int ContentLimit = 2000;
    private const int NonceLimit = 25;
    private const int PruneNoncesAbove = 1024;
    private static readonly DateTimeOffset DiscordEpoch = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ConcurrentDictionary<string, List<ulong>> _channelLog = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string MessageId, DateTimeOffset At)> _nonces = new(StringComparer.Ordinal);
    private readonly Lock _nonceGate = new();
    private TimeProvider _time = TimeProvider.System;
    private long _lastId;
    private volatile bool _noReadHistory;
    private readonly ConcurrentDictionary<string, bool> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DiscordMessageRecord> _messages = new(StringComparer.Ordinal);
    private readonly RateLimitPlan _limit = new();
    private readonly bool _keepContent;
    private DestinationRateLimit? _channelLimit;
    private int _channelPermits;
    private double _retryAfter;
    private int _nextRemaining = -1;

    private DiscordApiFake(FakeApiServer server, string token, bool keepContent)
    {
        Server = server;
        Token = token;
        _keepContent = keepContent;
    }

    /// <summary>
    /// How long a nonce with <c>enforce_nonce</c> returns the message created with it. Discord says "the past few
    /// minutes" without a figure; the fake keeps the short end, so no test relies on more than Discord promises.
    /// </summary>
    public static TimeSpan NonceWindow { get; } = TimeSpan.FromMinutes(2);

    /// <summary>The HTTP server.</summary>
    public FakeApiServer Server { get; }

    /// <summary>The bot token the fake accepts.</summary>
    public string Token { get; }

    /// <summary>The value for the adapter's <c>api_url</c>.</summary>
    public Uri ApiUrl => new(Server.BaseAddress, "api/v10/");

    /// <summary>
    /// All messages in creation order (snowflakes of one length sort as they were made); a fake that only counts
    /// calls (<see cref="FakeServerOptions.RecordRequests"/> off) keeps no contents, so that a load run's memory stays flat.
    /// </summary>
    public IReadOnlyList<DiscordMessageRecord> Messages => [.. _messages.Values.OrderBy(m => m.Id, StringComparer.Ordinal)];

    /// <summary>Messages that are not replies.</summary>
    public IReadOnlyList<DiscordMessageRecord> RootMessages => [.. Messages.Where(m => m.ReplyTo is null)];

    /// <summary>The remaining requests the next successful answer reports for its channel's bucket (null: not reported).</summary>
    public int? NextRemaining
    {
        get => Volatile.Read(ref _nextRemaining) is >= 0 and var remaining ? remaining : null;
        set => Volatile.Write(ref _nextRemaining, value ?? -1);
    }

    /// <summary>Starts the fake with text channels 100000000000000001 and 100000000000000002.</summary>
    /// <param name="options">Recording (tests, the default) or counted (load runs).</param>
    /// <param name="token">The token it accepts.</param>
    /// <returns>The fake.</returns>
    public static async Task<DiscordApiFake> StartAsync(FakeServerOptions? options = null, string token = "discord-fake-token.secret.5150")
    {
        options ??= FakeServerOptions.Recording;
        var fake = new DiscordApiFake(await FakeApiServer.StartAsync(options), token, options.RecordRequests);
        fake.AddChannel("100000000000000001");
        fake.AddChannel("100000000000000002");
        fake.Server.Map("GET", Api + "users/@me", r => fake.Authorized(r) ?? FakeResponse.JsonBody(new { id = BotUserId, username = "teleport", bot = true }));
        fake.Server.Map("POST", p => MessagesPath(p) is { MessageId: null }, fake.Create);
        fake.Server.Map("PATCH", p => MessagesPath(p) is { MessageId: not null }, fake.Edit);
        fake.Server.Map("GET", p => MessagesPath(p) is { MessageId: null }, fake.List);
        fake.Server.Map("PATCH", p => OriginalResponsePath(p) is not null, fake.EditOriginalResponse);
        return fake;
    }

    /// <summary>Makes message snowflakes from <paramref name="time"/> (the system clock by default) from now on.</summary>
    /// <param name="time">The clock.</param>
    public void UseClock(TimeProvider time) => _time = time;

    /// <summary>Takes the Read Message History permission from the bot: Get Channel Messages answers 403 Missing Access.</summary>
    public void DenyReadMessageHistory() => _noReadHistory = true;

    /// <summary>Adds a text channel the bot may write to.</summary>
    /// <param name="id">The channel's snowflake.</param>
    public void AddChannel(string id) => _channels[id] = true;

    /// <summary>After <paramref name="afterSuccesses"/> more messages, the next <paramref name="count"/> creations get 429.</summary>
    /// <param name="count">How many.</param>
    /// <param name="retryAfterSeconds">The <c>retry_after</c> value (fractional seconds).</param>
    /// <param name="afterSuccesses">How many still pass first.</param>
    public void RateLimitCreates(int count, double retryAfterSeconds, int afterSuccesses = 0)
    {
        _retryAfter = retryAfterSeconds;
        _limit.Set(count, afterSuccesses);
    }

    /// <summary>
    /// Enforces Discord's per-channel bucket on Create Message: at most <paramref name="permits"/> messages to one
    /// channel per <paramref name="window"/>, each channel counted on its own; a message over it gets the 429 with the
    /// time left in that channel's window.
    /// </summary>
    /// <param name="permits">Messages one channel takes per window.</param>
    /// <param name="window">The window.</param>
    /// <param name="time">The clock the windows run on.</param>
    public void LimitEachChannel(int permits, TimeSpan window, TimeProvider time)
    {
        var limit = new DestinationRateLimit(time);
        limit.Enable(permits, window);
        _channelPermits = permits;
        Volatile.Write(ref _channelLimit, limit);
    }

    /// <summary>The content each deferred interaction answer was edited to, by interaction token.</summary>
    public IReadOnlyDictionary<string, string> OriginalResponses => _originalResponses;

    /// <summary>
    /// What Discord POSTs when <paramref name="userId"/> clicks the button <paramref name="customId"/> of a message in a
    /// server channel: a MESSAGE_COMPONENT interaction (type 3) with a new ID and token.
    /// </summary>
    /// <param name="messageId">The message.</param>
    /// <param name="customId">The button's <c>custom_id</c>; the message must have it.</param>
    /// <param name="userId">The member who clicked.</param>
    /// <returns>The raw body, and the interaction's ID and token.</returns>
    public (byte[] Body, string Id, string Token) ClickBody(string messageId, string customId, string userId)
    {
        var message = _messages[messageId];
        if (message.Buttons?.Contains(customId, StringComparer.Ordinal) != true)
        {
            throw new InvalidOperationException($"message {messageId} has no button {customId}");
        }

        return Interaction(3, userId, message.ChannelId, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 }, new JsonObject { ["id"] = message.Id, ["channel_id"] = message.ChannelId });
    }

    /// <summary>What Discord POSTs when <paramref name="userId"/> submits a modal (type 5) with one text input.</summary>
    /// <param name="customId">The modal's <c>custom_id</c>.</param>
    /// <param name="inputId">The text input's <c>custom_id</c>.</param>
    /// <param name="value">What the user typed.</param>
    /// <param name="userId">The member who submitted it.</param>
    /// <returns>The raw body, and the interaction's ID and token.</returns>
    public (byte[] Body, string Id, string Token) ModalSubmitBody(string customId, string inputId, string value, string userId) =>
        Interaction(5, userId, "100000000000000001", new JsonObject
        {
            ["custom_id"] = customId,
            ["components"] = new JsonArray(new JsonObject { ["type"] = 1, ["components"] = new JsonArray(new JsonObject { ["type"] = 4, ["custom_id"] = inputId, ["value"] = value }) }),
        }, null);

    /// <summary>The PING Discord sends to check the endpoint (type 1).</summary>
    /// <returns>The raw body.</returns>
    public byte[] PingBody() => Encoding.UTF8.GetBytes(new JsonObject { ["id"] = Snowflake(), ["application_id"] = ApplicationId, ["type"] = 1, ["token"] = "ping-token", ["version"] = 1 }.ToJsonString());

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>Why Discord would refuse these components (a 50035 Invalid Form Body), or null when they are fine or absent.</summary>
    private static string? InvalidComponents(JsonElement body, out IReadOnlyList<string>? buttons)
    {
        buttons = null;
        var components = FakeJson.Field(body, "components");
        if (components.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (components.ValueKind != JsonValueKind.Array || components.GetArrayLength() > 5)
        {
            return "components must be an array of at most 5 action rows";
        }

        var ids = new List<string>();
        foreach (var row in components.EnumerateArray())
        {
            if (FakeJson.Field(row, "type").ValueKind != JsonValueKind.Number || FakeJson.Field(row, "type").GetInt32() != 1
                || FakeJson.Field(row, "components") is not { ValueKind: JsonValueKind.Array } inner || inner.GetArrayLength() is < 1 or > 5)
            {
                return "a top-level component must be an action row of 1 to 5 components";
            }

            foreach (var button in inner.EnumerateArray())
            {
                var style = FakeJson.Field(button, "style") is { ValueKind: JsonValueKind.Number } s ? s.GetInt32() : 0;
                if (FakeJson.Field(button, "type") is not { ValueKind: JsonValueKind.Number } type || type.GetInt32() != 2 || style is < 1 or > 4
                    || FakeJson.Text(button, "custom_id") is not { Length: >= 1 and <= 100 } customId || FakeJson.Text(button, "label") is { Length: > 80 })
                {
                    return "a button needs a style 1-4, a custom_id of 1-100 characters and a label of at most 80";
                }

                ids.Add(customId);
            }
        }

        buttons = ids.Count > 0 ? ids : null;
        return null;
    }

    private static (string ApplicationId, string Token)? OriginalResponsePath(string path)
    {
        var parts = path.StartsWith(Api, StringComparison.Ordinal) ? path[Api.Length..].Split('/') : [];
        return parts is ["webhooks", var application, var token, "messages", "@original"] ? (application, token) : null;
    }

    private string Snowflake() => (((ulong)Math.Max(0L, (long)(_time.GetUtcNow() - DiscordEpoch).TotalMilliseconds) << 22) + (ulong)Interlocked.Increment(ref _lastId) % 4096).ToString(CultureInfo.InvariantCulture);

    private (byte[] Body, string Id, string Token) Interaction(int type, string userId, string channelId, JsonObject data, JsonObject? message)
    {
        var id = Snowflake();
        var token = "aW50ZXJhY3Rpb24" + Guid.NewGuid().ToString("N");
        _interactionTokens[token] = _time.GetUtcNow();
        var body = new JsonObject
        {
            ["id"] = id,
            ["application_id"] = ApplicationId,
            ["type"] = type,
            ["data"] = data,
            ["guild_id"] = "700000000000000007",
            ["channel_id"] = channelId,
            ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = userId, ["username"] = "user" + userId[^4..] }, ["roles"] = new JsonArray() },
            ["token"] = token,
            ["version"] = 1,
        };
        if (message is not null)
        {
            body["message"] = message;
        }

        return (Encoding.UTF8.GetBytes(body.ToJsonString()), id, token);
    }

    /// <summary>Edit Original Interaction Response: authorized by an interaction token this fake issued, for 15 minutes.</summary>
    private FakeResponse EditOriginalResponse(FakeRequest request)
    {
        var (application, token) = OriginalResponsePath(request.Path)!.Value;
        if (application != ApplicationId || !_interactionTokens.TryGetValue(token, out var issued) || _time.GetUtcNow() - issued > InteractionTokenLifetime)
        {
            return Error(401, 50027, "Invalid Webhook Token");
        }

        return request.Header("Content-Type")?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true
            ? InvalidFormBody()
            : FakeJson.Read(request, () => Error(400, 50109, "The request body contains invalid JSON."), body =>
            {
                if (FakeJson.Text(body, "content") is not { Length: > 0 and <= ContentLimit } content)
                {
                    return InvalidFormBody();
                }

                _originalResponses[token] = content;
                return FakeResponse.JsonBody(CallKind.Update, new { id = Snowflake(), channel_id = "100000000000000001", content, flags = 64, type = 0 });
            });
    }

    private static FakeResponse Error(int status, int code, string message) => FakeResponse.JsonBody(new { message, code }, status);

    private static FakeResponse InvalidFormBody() => Error(400, 50035, "Invalid Form Body");

    private static FakeResponse TooManyRequests(double retryAfter, params (string Name, string Value)[] headers) =>
        FakeResponse.TooManyRequests(
            TimeSpan.FromSeconds(retryAfter),
            JsonSerializer.Serialize(new { message = "You are being rate limited.", retry_after = retryAfter, global = false }),
            [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", retryAfter.ToString(CultureInfo.InvariantCulture)), ("X-RateLimit-Scope", "user"), .. headers]);

    private static (string ChannelId, string? MessageId)? MessagesPath(string path)
    {
        var parts = path.StartsWith(Api, StringComparison.Ordinal) ? path[Api.Length..].Split('/') : [];
        return parts switch
        {
            ["channels", var channel, "messages"] => (channel, null),
            ["channels", var channel, "messages", var message] => (channel, message),
            _ => null,
        };
    }

    private static string[]? Mentions(JsonElement body) =>
        FakeJson.Field(FakeJson.Field(body, "allowed_mentions"), "parse") is { ValueKind: JsonValueKind.Array } parse
            ? [.. parse.EnumerateArray().Select(e => e.ToString())]
            : null;

    private FakeResponse? Authorized(FakeRequest request)
    {
        if (!string.Equals(request.Header("Authorization"), "Bot " + Token, StringComparison.Ordinal))
        {
            return Error(401, 0, "401: Unauthorized");
        }

        return request.Header("User-Agent")?.StartsWith("DiscordBot (", StringComparison.Ordinal) == true ? null : Error(403, 40333, "internal network error");
    }

    /// <summary>Checks the token, the channel and the body, then answers from the body and its content.</summary>
    private FakeResponse WithContent(FakeRequest request, string channel, Func<JsonElement, string, FakeResponse> handle)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        if (!_channels.ContainsKey(channel))
        {
            return Error(404, 10003, "Unknown Channel");
        }

        // Discord refuses a body of another type as an invalid form, and a JSON body it cannot parse with its own code.
        return request.Header("Content-Type")?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true
            ? InvalidFormBody()
            : FakeJson.Read(
                request,
                () => Error(400, 50109, "The request body contains invalid JSON."),
                body => FakeJson.Text(body, "content") is { Length: > 0 and <= ContentLimit } content ? handle(body, content) : InvalidFormBody());
    }

    private FakeResponse Create(FakeRequest request)
    {
        if (_limit.ShouldRefuse())
        {
            return TooManyRequests(_retryAfter);
        }

        var channel = MessagesPath(request.Path)!.Value.ChannelId;
        return WithContent(request, channel, (body, content) =>
        {
            string? replyTo = null;
            if (FakeJson.Field(body, "message_reference") is { ValueKind: not JsonValueKind.Undefined } reference)
            {
                replyTo = FakeJson.Text(reference, "message_id");
                if (replyTo is null || !(_messages.TryGetValue(replyTo, out var parent) && parent.ChannelId == channel))
                {
                    return InvalidFormBody();
                }
            }

            if (Volatile.Read(ref _channelLimit)?.Refuse(channel) is { } wait)
            {
                return TooManyRequests(Math.Round(wait.TotalSeconds, 3), ("X-RateLimit-Limit", _channelPermits.ToString(CultureInfo.InvariantCulture)), ("X-RateLimit-Bucket", "channel-" + channel));
            }

            var nonce = FakeJson.Field(body, "nonce") is { ValueKind: JsonValueKind.String or JsonValueKind.Number } given ? given.ToString() : null;
            if (nonce is { Length: > NonceLimit })
            {
                return InvalidFormBody();
            }

            if (InvalidComponents(body, out var buttons) is not null)
            {
                return InvalidFormBody();
            }

            var footer = FakeJson.Field(body, "embeds") is { ValueKind: JsonValueKind.Array } embeds && embeds.GetArrayLength() > 0
                ? FakeJson.Text(FakeJson.Field(embeds[0], "footer"), "text")
                : null;
            var enforce = nonce is not null && FakeJson.Field(body, "enforce_nonce").ValueKind == JsonValueKind.True;
            lock (_nonceGate)
            {
                var now = _time.GetUtcNow();
                if (enforce && _nonces.TryGetValue(nonce!, out var earlier) && now - earlier.At < NonceWindow && _messages.TryGetValue(earlier.MessageId, out var existing))
                {
                    // The message the nonce already made: Discord answers it and creates nothing.
                    return Answer(CallKind.Read, existing, existing.Content);
                }

                var message = Add(channel, replyTo, content, Mentions(body), footer, buttons);
                if (nonce is not null)
                {
                    Remember(nonce, message.Id, now);
                }

                return Answer(replyTo is null ? CallKind.Root : CallKind.Reply, message, content);
            }
        });
    }

    /// <summary>Stores a new message under a snowflake of the clock, appended to its channel's index in ID order.</summary>
    private DiscordMessageRecord Add(string channel, string? replyTo, string content, string[]? mentions, string? footer, IReadOnlyList<string>? buttons)
    {
        var log = _channelLog.GetOrAdd(channel, _ => []);
        lock (log)
        {
            var stamp = (ulong)Math.Max(0L, (long)(_time.GetUtcNow() - DiscordEpoch).TotalMilliseconds) << 22;
            long last, next;
            do
            {
                last = Interlocked.Read(ref _lastId);
                next = Math.Max((long)stamp, last + 1);
            }
            while (Interlocked.CompareExchange(ref _lastId, next, last) != last);
            var id = next.ToString(CultureInfo.InvariantCulture);
            var message = new DiscordMessageRecord(id, channel, replyTo, _keepContent ? content : string.Empty, 0, _keepContent ? mentions : null, footer, buttons);
            _messages[id] = message;
            log.Add((ulong)next);
            return message;
        }
    }

    /// <summary>Remembers a nonce for its window; forgotten ones are dropped, so a load run keeps only the last minutes'.</summary>
    private void Remember(string nonce, string messageId, DateTimeOffset now)
    {
        if (_nonces.Count > PruneNoncesAbove)
        {
            foreach (var expired in _nonces.Where(n => now - n.Value.At >= NonceWindow).Select(n => n.Key).ToList())
            {
                _nonces.Remove(expired);
            }
        }

        _nonces[nonce] = (messageId, now);
    }

    /// <summary>Get Channel Messages: up to <c>limit</c> messages after (or before) a snowflake, newest first.</summary>
    private FakeResponse List(FakeRequest request)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        var channel = MessagesPath(request.Path)!.Value.ChannelId;
        if (!_channels.ContainsKey(channel))
        {
            return Error(404, 10003, "Unknown Channel");
        }

        if (_noReadHistory)
        {
            return Error(403, 50001, "Missing Access");
        }

        var limit = request.QueryValue("limit") is { } given ? int.TryParse(given, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0 : 50;
        ulong? after = ulong.TryParse(request.QueryValue("after"), CultureInfo.InvariantCulture, out var a) ? a : null;
        ulong? before = ulong.TryParse(request.QueryValue("before"), CultureInfo.InvariantCulture, out var b) ? b : null;
        if (limit is < 1 or > 100 || (after is not null && before is not null))
        {
            return InvalidFormBody();
        }

        var page = new List<ulong>();
        if (_channelLog.TryGetValue(channel, out var log))
        {
            lock (log)
            {
                if (after is { } start)
                {
                    var from = log.BinarySearch(start + 1);
                    from = from < 0 ? ~from : from;
                    page.AddRange(log.Skip(from).Take(limit));
                }
                else
                {
                    var end = before is { } stop ? log.BinarySearch(stop) is var at && at < 0 ? ~at : at : log.Count;
                    page.AddRange(log.Skip(Math.Max(0, end - limit)).Take(end - Math.Max(0, end - limit)));
                }
            }
        }

        page.Reverse();
        return FakeResponse.JsonBody(page.Select(id => Json(_messages[id.ToString(CultureInfo.InvariantCulture)], null)));
    }

    private FakeResponse Edit(FakeRequest request)
    {
        var (channel, messageId) = MessagesPath(request.Path)!.Value;
        return WithContent(request, channel, (body, content) =>
        {
            if (InvalidComponents(body, out var buttons) is not null)
            {
                return InvalidFormBody();
            }

            var replacesComponents = FakeJson.Field(body, "components").ValueKind == JsonValueKind.Array;
            while (true)
            {
                if (!_messages.TryGetValue(messageId!, out var message) || message.ChannelId != channel)
                {
                    return Error(404, 10008, "Unknown Message");
                }

                var edited = message with { Content = _keepContent ? content : string.Empty, Edits = message.Edits + 1, MentionsParsed = _keepContent ? Mentions(body) : null, Buttons = replacesComponents ? buttons : message.Buttons };
                if (_messages.TryUpdate(messageId!, edited, message))
                {
                    return Answer(CallKind.Update, edited, content);
                }
            }
        });
    }

    /// <summary>A message object as Discord answers it; <paramref name="content"/> null: the stored one.</summary>
    private static object Json(DiscordMessageRecord message, string? content) => new
    {
        id = message.Id,
        channel_id = message.ChannelId,
        content = content ?? message.Content,
        type = message.ReplyTo is null ? 0 : 19, // 19 is Discord's REPLY; every other message the adapter writes is DEFAULT (0).
        author = new { id = BotUserId, bot = true },
        embeds = message.Footer is { } footer ? new object[] { new { type = "rich", footer = new { text = footer } } } : [],
        message_reference = message.ReplyTo is { } parent ? new { message_id = parent, channel_id = message.ChannelId } : null,
    };

    private FakeResponse Answer(CallKind kind, DiscordMessageRecord message, string content)
    {
        var response = FakeResponse.JsonBody(kind, Json(message, content));
        if (Volatile.Read(ref _nextRemaining) >= 0 && Interlocked.Exchange(ref _nextRemaining, -1) is >= 0 and var remaining)
        {
            return response with { Headers = new Dictionary<string, string> { ["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture), ["X-RateLimit-Reset-After"] = "2.5", ["X-RateLimit-Limit"] = "5" } };
        }

        return response;
    }
}
