using TeleportPlugins.Fakes;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace TeleportPlugins.Adapters.Discord.Tests;

/// <summary>
/// An in-process Discord API v10 with what the adapter calls: <c>GET /users/@me</c>, Create Message
/// (<c>POST /channels/{id}/messages</c>, with <c>message_reference</c> replies) and Edit Message (<c>PATCH</c>). It checks
/// <c>Authorization: Bot …</c>, a User-Agent, JSON bodies, content of 1–2000 characters, known channels and referenced
/// messages, and answers with Discord's shapes: message objects with string snowflakes, <c>{code, message}</c> errors,
/// and on 429 <c>{message, retry_after, global}</c> with Retry-After and X-RateLimit headers.
/// </summary>
public sealed class DiscordApiFake : IAsyncDisposable
{
    private const string Api = "/api/v10/";
    private readonly ConcurrentDictionary<string, bool> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DiscordMessageRecord> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly RateLimitPlan _limit = new();
    private long _nextId = 1_180_000_000_000_000_000;
    private double _retryAfter;

    private DiscordApiFake(FakeApiServer server, string token)
    {
        Server = server;
        Token = token;
    }

    /// <summary>The HTTP server.</summary>
    public FakeApiServer Server { get; }

    /// <summary>The bot token the fake accepts.</summary>
    public string Token { get; }

    /// <summary>The value for the adapter's <c>api_url</c>.</summary>
    public Uri ApiUrl => new(Server.BaseAddress, "api/v10/");

    /// <summary>All messages in creation order.</summary>
    public IReadOnlyList<DiscordMessageRecord> Messages => [.. _order.Select(id => _messages[id])];

    /// <summary>Messages that are not replies.</summary>
    public IReadOnlyList<DiscordMessageRecord> RootMessages => [.. Messages.Where(m => m.ReplyTo is null)];

    /// <summary>The remaining requests the next successful answer reports for its channel's bucket (null: not reported).</summary>
    public int? NextRemaining { get; set; }

    /// <summary>Starts the fake with text channels 100000000000000001 and 100000000000000002.</summary>
    /// <param name="token">The token it accepts.</param>
    /// <returns>The fake.</returns>
    public static async Task<DiscordApiFake> StartAsync(string token = "discord-fake-token.secret.5150")
    {
        var fake = new DiscordApiFake(await FakeApiServer.StartAsync(), token);
        fake._channels["100000000000000001"] = true;
        fake._channels["100000000000000002"] = true;
        fake.Server.Map("GET", Api + "users/@me", r => fake.Authorized(r) ?? FakeResponse.JsonBody(new { id = "900000000000000009", username = "teleport", bot = true }));
        fake.Server.Map("POST", p => MessagesPath(p) is { MessageId: null }, fake.Create);
        fake.Server.Map("PATCH", p => MessagesPath(p) is { MessageId: not null }, fake.Edit);
        return fake;
    }

    /// <summary>After <paramref name="afterSuccesses"/> more messages, the next <paramref name="count"/> creations get 429.</summary>
    /// <param name="count">How many.</param>
    /// <param name="retryAfterSeconds">The <c>retry_after</c> value (fractional seconds).</param>
    /// <param name="afterSuccesses">How many still pass first.</param>
    public void RateLimitCreates(int count, double retryAfterSeconds, int afterSuccesses = 0)
    {
        _retryAfter = retryAfterSeconds;
        _limit.Set(count, afterSuccesses);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static FakeResponse Error(int status, int code, string message) => FakeResponse.JsonBody(new { message, code }, status);

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

    private FakeResponse? Authorized(FakeRequest request)
    {
        if (request.Header("Authorization") != $"Bot {Token}")
        {
            return Error(401, 0, "401: Unauthorized");
        }

        return request.Header("User-Agent")?.StartsWith("DiscordBot (", StringComparison.Ordinal) == true ? null : Error(403, 40333, "internal network error");
    }

    private FakeResponse Create(FakeRequest request)
    {
        if (_limit.ShouldRefuse())
        {
            var seconds = _retryAfter.ToString(CultureInfo.InvariantCulture);
            return new FakeResponse(429, JsonSerializer.Serialize(new { message = "You are being rate limited.", retry_after = _retryAfter, global = false }), "application/json", new Dictionary<string, string>
            {
                ["Retry-After"] = Math.Ceiling(_retryAfter).ToString(CultureInfo.InvariantCulture),
                ["X-RateLimit-Remaining"] = "0",
                ["X-RateLimit-Reset-After"] = seconds,
                ["X-RateLimit-Scope"] = "user",
            });
        }

        var (channel, _) = MessagesPath(request.Path)!.Value;
        if (Validate(request, channel, out var body) is { } invalid)
        {
            return invalid;
        }

        string? replyTo = null;
        if (body.TryGetProperty("message_reference", out var reference))
        {
            replyTo = reference.TryGetProperty("message_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            if (replyTo is null || !(_messages.TryGetValue(replyTo, out var parent) && parent.ChannelId == channel))
            {
                return Error(400, 50035, "Invalid Form Body");
            }
        }

        var messageId = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        _messages[messageId] = new DiscordMessageRecord(messageId, channel, replyTo, body.GetProperty("content").GetString()!, 0, Mentions(body));
        _order.Enqueue(messageId);
        return Answer(messageId, channel);
    }

    private FakeResponse Edit(FakeRequest request)
    {
        var (channel, messageId) = MessagesPath(request.Path)!.Value;
        if (Validate(request, channel, out var body) is { } invalid)
        {
            return invalid;
        }

        if (!_messages.TryGetValue(messageId!, out var message) || message.ChannelId != channel)
        {
            return Error(404, 10008, "Unknown Message");
        }

        _messages[messageId!] = message with { Content = body.GetProperty("content").GetString()!, Edits = message.Edits + 1, MentionsParsed = Mentions(body) };
        return Answer(messageId!, channel);
    }

    private FakeResponse Answer(string id, string channel)
    {
        var response = FakeResponse.JsonBody(new { id, channel_id = channel, content = _messages[id].Content, type = 0, author = new { id = "900000000000000009", bot = true } });
        if (NextRemaining is { } remaining)
        {
            NextRemaining = null;
            return response with { Headers = new Dictionary<string, string> { ["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture), ["X-RateLimit-Reset-After"] = "2.5", ["X-RateLimit-Limit"] = "5" } };
        }

        return response;
    }

    private FakeResponse? Validate(FakeRequest request, string channel, out JsonElement body)
    {
        body = default;
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        if (!_channels.ContainsKey(channel))
        {
            return Error(404, 10003, "Unknown Channel");
        }

        if (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return Error(400, 50035, "Invalid Form Body");
        }

        try
        {
            using var document = JsonDocument.Parse(request.Body);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Error(400, 50109, "The request body contains invalid JSON.");
        }

        return body.ValueKind == JsonValueKind.Object && body.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
            && content.GetString()!.Length is > 0 and <= 2000
                ? null
                : Error(400, 50035, "Invalid Form Body");
    }

    private static string[]? Mentions(JsonElement body) =>
        body.TryGetProperty("allowed_mentions", out var allowed) && allowed.TryGetProperty("parse", out var parse) && parse.ValueKind == JsonValueKind.Array
            ? [.. parse.EnumerateArray().Select(e => e.GetString()!)]
            : null;
}
