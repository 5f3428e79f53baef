using TeleportPlugins.Fakes;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace TeleportPlugins.Adapters.Mattermost.Tests;

/// <summary>
/// An in-process Mattermost API v4 with what the adapter calls: <c>GET users/me</c>, <c>GET users/email/{email}</c>,
/// <c>GET teams/name/{team}/channels/name/{channel}</c>, <c>POST channels/direct</c>, <c>POST posts</c> and
/// <c>PUT posts/{id}/patch</c>. It checks the Bearer token (scheme case-insensitive, as the server does), JSON bodies,
/// known channels and thread roots, and answers with Mattermost's shapes: 201 on creation, AppError JSON on failures,
/// and a plain-text 429 "limit exceeded" with Retry-After and X-RateLimit-Reset when limited.
/// </summary>
public sealed class MattermostApiFake : IAsyncDisposable
{
    /// <summary>The bot's user ID.</summary>
    public const string BotId = "bot0000000000000000000000a";

    private const string Api = "/api/v4/";
    private readonly ConcurrentDictionary<string, string> _channelsByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _usersByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, MattermostPostRecord> _posts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly RateLimitPlan _limit = new();
    private int _nextId;
    private int _retryAfter;

    private MattermostApiFake(FakeApiServer server, string token)
    {
        Server = server;
        Token = token;
    }

    /// <summary>The HTTP server.</summary>
    public FakeApiServer Server { get; }

    /// <summary>The token the fake accepts.</summary>
    public string Token { get; }

    /// <summary>The value for the adapter's <c>url</c>.</summary>
    public Uri Url => Server.BaseAddress;

    /// <summary>All posts (roots and replies) in creation order, with their current message.</summary>
    public IReadOnlyList<MattermostPostRecord> Posts => [.. _order.Select(id => _posts[id])];

    /// <summary>Root posts only.</summary>
    public IReadOnlyList<MattermostPostRecord> RootPosts => [.. Posts.Where(p => p.RootId.Length == 0)];

    /// <summary>Starts the fake with team <c>ops</c> holding channel <c>access</c> (ID chan-access).</summary>
    /// <param name="token">The token it accepts.</param>
    /// <returns>The fake.</returns>
    public static async Task<MattermostApiFake> StartAsync(string token = "mm-fake-token-secret-4242")
    {
        var fake = new MattermostApiFake(await FakeApiServer.StartAsync(), token);
        fake.AddChannel("ops", "access", "chan-access");
        fake.Server.Map("GET", Api + "users/me", r => fake.Authorized(r) ?? FakeResponse.JsonBody(new { id = BotId, username = "teleport", email = "bot@example.com" }));
        fake.Server.Map("GET", p => p.StartsWith(Api + "users/email/", StringComparison.Ordinal), fake.UserByEmail);
        fake.Server.Map("GET", p => p.StartsWith(Api + "teams/name/", StringComparison.Ordinal), fake.ChannelByName);
        fake.Server.Map("POST", Api + "channels/direct", fake.DirectChannel);
        fake.Server.Map("POST", Api + "posts", fake.CreatePost);
        fake.Server.Map("PUT", p => p.StartsWith(Api + "posts/", StringComparison.Ordinal) && p.EndsWith("/patch", StringComparison.Ordinal), fake.PatchPost);
        return fake;
    }

    /// <summary>The direct channel of the bot and a user.</summary>
    /// <param name="userId">The user.</param>
    /// <returns>The channel ID.</returns>
    public static string DirectChannelOf(string userId) => $"dm-{userId}";

    /// <summary>Adds a channel to a team.</summary>
    /// <param name="team">The team name.</param>
    /// <param name="name">The channel name.</param>
    /// <param name="id">The channel ID.</param>
    public void AddChannel(string team, string name, string id) => _channelsByName[$"{team}/{name}"] = id;

    /// <summary>Adds a user findable by e-mail.</summary>
    /// <param name="email">The e-mail address.</param>
    /// <param name="id">The user ID.</param>
    public void AddUser(string email, string id) => _usersByEmail[email] = id;

    /// <summary>After <paramref name="afterSuccesses"/> more posts, the next <paramref name="count"/> <c>POST posts</c> get 429.</summary>
    /// <param name="count">How many.</param>
    /// <param name="retryAfterSeconds">The Retry-After and X-RateLimit-Reset value.</param>
    /// <param name="afterSuccesses">How many posts still pass first.</param>
    public void RateLimitPosts(int count, int retryAfterSeconds, int afterSuccesses = 0)
    {
        _retryAfter = retryAfterSeconds;
        _limit.Set(count, afterSuccesses);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static FakeResponse AppError(int status, string id, string message) =>
        FakeResponse.JsonBody(new { id, message, detailed_error = string.Empty, request_id = "req1", status_code = status }, status);

    private FakeResponse? Authorized(FakeRequest request)
    {
        var header = request.Header("Authorization") ?? string.Empty;
        return header.Length > 7 && header[..7].Equals("Bearer ", StringComparison.OrdinalIgnoreCase) && header[7..] == Token
            ? null
            : AppError(401, "api.context.session_expired.app_error", "Invalid or expired session, please login again.");
    }

    private FakeResponse UserByEmail(FakeRequest request)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        var email = request.Path[(Api.Length + "users/email/".Length)..];
        return _usersByEmail.TryGetValue(email, out var id)
            ? FakeResponse.JsonBody(new { id, username = email.Split('@')[0], email })
            : AppError(404, "store.sql_user.missing_account.const", "We couldn't find an existing account matching your email address.");
    }

    private FakeResponse ChannelByName(FakeRequest request)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        var parts = request.Path[Api.Length..].Split('/');
        if (parts is not ["teams", "name", var team, "channels", "name", var name])
        {
            return AppError(404, "api.context.404.app_error", "Sorry, we could not find the page.");
        }

        return _channelsByName.TryGetValue($"{team}/{name}", out var id)
            ? FakeResponse.JsonBody(new { id, name, type = "O", team_id = "team-" + team })
            : AppError(404, "app.channel.get_by_name.missing.app_error", "Channel does not exist.");
    }

    private FakeResponse DirectChannel(FakeRequest request)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        if (JsonBody(request, out var body) is { } invalid)
        {
            return invalid;
        }

        // Exactly two user IDs, one of them the caller's own.
        if (body.ValueKind != JsonValueKind.Array || body.GetArrayLength() != 2 || body.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            return AppError(400, "api.context.invalid_body_param.app_error", "Invalid or missing user_ids in request body.");
        }

        var ids = body.EnumerateArray().Select(e => e.GetString()!).ToList();
        var other = ids.FirstOrDefault(id => id != BotId);
        if (!ids.Contains(BotId) || other is null || !_usersByEmail.Values.Contains(other))
        {
            return AppError(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.");
        }

        return FakeResponse.JsonBody(new { id = DirectChannelOf(other), type = "D", name = $"{BotId}__{other}" }, 201);
    }

    private FakeResponse CreatePost(FakeRequest request)
    {
        if (_limit.ShouldRefuse())
        {
            var seconds = _retryAfter.ToString(CultureInfo.InvariantCulture);
            return new FakeResponse(429, "limit exceeded", "text/plain", new Dictionary<string, string> { ["Retry-After"] = seconds, ["X-RateLimit-Reset"] = seconds, ["X-RateLimit-Limit"] = "10", ["X-RateLimit-Remaining"] = "0" });
        }

        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        if (JsonBody(request, out var body) is { } invalid)
        {
            return invalid;
        }

        var channel = Text(body, "channel_id");
        var message = Text(body, "message");
        var root = Text(body, "root_id");
        if (channel.Length == 0 || message.Length == 0 || message.Length > 16383)
        {
            return AppError(400, "model.post.is_valid.msg.app_error", "Invalid message.");
        }

        if (!_channelsByName.Values.Contains(channel) && !_usersByEmail.Values.Any(u => DirectChannelOf(u) == channel))
        {
            return AppError(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.");
        }

        if (root.Length > 0 && !(_posts.TryGetValue(root, out var parent) && parent.ChannelId == channel && parent.RootId.Length == 0))
        {
            return AppError(400, "api.post.create_post.root_id.app_error", "Invalid RootId parameter.");
        }

        var id = $"post{Interlocked.Increment(ref _nextId):D22}";
        _posts[id] = new MattermostPostRecord(id, channel, root, message, 0);
        _order.Enqueue(id);
        return FakeResponse.JsonBody(new { id, channel_id = channel, root_id = root, message, user_id = BotId, create_at = 1_763_726_400_000L }, 201);
    }

    private FakeResponse PatchPost(FakeRequest request)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        if (JsonBody(request, out var body) is { } invalid)
        {
            return invalid;
        }

        var id = request.Path[(Api.Length + "posts/".Length)..^"/patch".Length];
        if (!_posts.TryGetValue(id, out var post))
        {
            return AppError(404, "app.post.get.app_error", "Unable to get the post.");
        }

        var message = Text(body, "message");
        if (message.Length == 0 || message.Length > 16383)
        {
            return AppError(400, "model.post.is_valid.msg.app_error", "Invalid message.");
        }

        _posts[id] = post with { Message = message, Edits = post.Edits + 1 };
        return FakeResponse.JsonBody(new { id, channel_id = post.ChannelId, root_id = post.RootId, message });
    }

    private static FakeResponse? JsonBody(FakeRequest request, out JsonElement body)
    {
        body = default;
        if (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return AppError(400, "api.context.invalid_body_param.app_error", "Invalid body.");
        }

        try
        {
            using var document = JsonDocument.Parse(request.Body);
            body = document.RootElement.Clone();
            return null;
        }
        catch (JsonException)
        {
            return AppError(400, "api.context.invalid_body_param.app_error", "Invalid body.");
        }
    }

    private static string Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
}
