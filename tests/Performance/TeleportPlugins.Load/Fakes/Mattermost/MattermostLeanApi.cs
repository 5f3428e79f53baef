using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes.Mattermost;

/// <summary>
/// The Mattermost API v4 calls the adapter makes, answered at once: <c>GET users/me</c>, <c>GET users/email/{email}</c>,
/// <c>GET teams/name/{team}/channels/name/{channel}</c>, <c>POST channels/direct</c>, <c>POST posts</c> (201) and
/// <c>PUT posts/{id}/patch</c>. Refusals are Mattermost's <c>AppError</c> JSON: 401 for a missing or wrong token (the
/// Bearer scheme in any case, as the server parses it), 400 for a body without its required fields, 403 for a channel
/// the bot is not in, 404 for an unknown channel or post. Only the top-level posts of the load channel are kept
/// (post ID → channel ID), the one thing thread replies and patches must match. Every e-mail address is a user; the
/// direct channel of the bot and a user is always the same one, as Mattermost returns the existing channel.
/// </summary>
internal sealed class MattermostLeanApi(string token, string team, string channelName, string channelId)
{
    /// <summary>The bot's user ID.</summary>
    public const string BotId = "botload0000000000000000000";

    private const string Api = "/api/v4/";
    private const int MessageLimit = 16_383;
    private readonly ConcurrentDictionary<string, string> _requestPosts = new(StringComparer.Ordinal);
    private long _nextPost;

    /// <summary>Routes the adapter's calls to this API.</summary>
    /// <param name="server">The fake.</param>
    public void MapTo(FakeApiServer server)
    {
        server.Map("GET", Api + "users/me", request => Authorized(request) ?? FakeResponse.JsonBody(CallKind.Read, new { id = BotId, username = "teleport-load", is_bot = true }));
        server.Map("GET", path => path.StartsWith(Api + "users/email/", StringComparison.Ordinal), UserByEmail);
        server.Map("GET", path => path.StartsWith(Api + "teams/name/", StringComparison.Ordinal), ChannelByName);
        server.Map("POST", Api + "channels/direct", request => WithBody(request, DirectChannel));
        server.Map("POST", Api + "posts", request => WithBody(request, CreatePost));
        server.Map("PUT", path => path.StartsWith(Api + "posts/", StringComparison.Ordinal) && path.EndsWith("/patch", StringComparison.Ordinal), request => WithBody(request, body => PatchPost(request.Path, body)));
    }

    private static FakeResponse AppError(int status, string id, string message) =>
        FakeResponse.JsonBody(CallKind.Read, new { id, message, detailed_error = string.Empty, request_id = "loadrequest", status_code = status }, status);

    private static FakeResponse InvalidBody() => AppError(400, "api.context.invalid_body_param.app_error", "Invalid or missing body in request body.");

    private static FakeResponse InvalidMessage() => AppError(400, "model.post.is_valid.msg.app_error", "Invalid message.");

    private static string UserIdOf(string email) =>
        string.Create(CultureInfo.InvariantCulture, $"userload{(uint)StringComparer.OrdinalIgnoreCase.GetHashCode(email):x8}0000000000");

    private static string DirectChannelOf(string userId) => "dm" + userId["user".Length..];

    private FakeResponse? Authorized(FakeRequest request)
    {
        var header = request.Header("Authorization") ?? string.Empty;
        return header.Length > 7 && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && string.Equals(header[7..], token, StringComparison.Ordinal)
            ? null
            : AppError(401, "api.context.session_expired.app_error", "Invalid or expired session, please login again.");
    }

    private FakeResponse WithBody(FakeRequest request, Func<JsonElement, FakeResponse> handle) =>
        Authorized(request) ?? FakeJson.Read(request, InvalidBody, handle);

    private FakeResponse UserByEmail(FakeRequest request)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        var email = request.Path[(Api.Length + "users/email/".Length)..];
        return email.Contains('@', StringComparison.Ordinal)
            ? FakeResponse.JsonBody(CallKind.Read, new { id = UserIdOf(email), username = email.Split('@')[0], email })
            : AppError(400, "api.context.invalid_url_param.app_error", "Invalid or missing email parameter in request URL.");
    }

    private FakeResponse ChannelByName(FakeRequest request)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        return request.Path[Api.Length..].Split('/') is ["teams", "name", var teamName, "channels", "name", var name] && teamName == team && name == channelName
            ? FakeResponse.JsonBody(CallKind.Read, new { id = channelId, name, display_name = name, type = "O", team_id = "teamload" })
            : AppError(404, "app.channel.get_by_name.missing.app_error", "Channel does not exist.");
    }

    private FakeResponse DirectChannel(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Array || body.GetArrayLength() != 2 || body.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            return AppError(400, "api.context.invalid_body_param.app_error", "Invalid or missing user_ids in request body.");
        }

        // One of the two must be the caller; the other a user this fake handed out.
        var first = body[0].GetString()!;
        var second = body[1].GetString()!;
        var other = first == BotId ? second : first;
        return (first == BotId || second == BotId) && other.StartsWith("userload", StringComparison.Ordinal)
            ? FakeResponse.JsonBody(CallKind.Read, new { id = DirectChannelOf(other), type = "D", name = $"{BotId}__{other}" }, 201)
            : AppError(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.");
    }

    private FakeResponse CreatePost(JsonElement body)
    {
        var channel = FakeJson.Text(body, "channel_id");
        var message = FakeJson.Text(body, "message");
        var root = FakeJson.Text(body, "root_id") ?? string.Empty;
        if (string.IsNullOrEmpty(channel) || string.IsNullOrEmpty(message) || message.Length > MessageLimit)
        {
            return InvalidMessage();
        }

        if (channel != channelId && !channel.StartsWith("dmload", StringComparison.Ordinal))
        {
            return AppError(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.");
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"post{Interlocked.Increment(ref _nextPost):D22}");
        CallKind kind;
        if (root.Length > 0)
        {
            if (!_requestPosts.TryGetValue(root, out var parent) || parent != channel)
            {
                return AppError(400, "api.post.create_post.root_id.app_error", "Invalid RootId parameter.");
            }

            kind = CallKind.Reply;
        }
        else if (channel == channelId)
        {
            _requestPosts[id] = channel;
            kind = CallKind.Root;
        }
        else
        {
            // A direct message tells the requester the outcome; the adapter never patches it or replies to it.
            kind = CallKind.Update;
        }

        return FakeResponse.JsonBody(kind, new { id, channel_id = channel, root_id = root, message, user_id = BotId, type = string.Empty }, 201);
    }

    private FakeResponse PatchPost(string path, JsonElement body)
    {
        var id = path[(Api.Length + "posts/".Length)..^"/patch".Length];
        if (!_requestPosts.TryGetValue(id, out var channel))
        {
            return AppError(404, "app.post.get.app_error", "Unable to get the post.");
        }

        var message = FakeJson.Text(body, "message");
        return string.IsNullOrEmpty(message) || message.Length > MessageLimit
            ? InvalidMessage()
            : FakeResponse.JsonBody(CallKind.Update, new { id, channel_id = channel, root_id = string.Empty, message, user_id = BotId, type = string.Empty });
    }
}
