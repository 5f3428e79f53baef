using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes.Discord;

/// <summary>
/// The Discord API v10 calls the adapter makes, answered at once: <c>GET users/@me</c>, Create Message
/// (<c>POST channels/{id}/messages</c>, a reply when it carries <c>message_reference</c>) and Edit Message
/// (<c>PATCH channels/{id}/messages/{id}</c>). Refusals are Discord's <c>{"message", "code"}</c>: 401 for a missing or
/// wrong <c>Bot</c> token, 403 without a <c>DiscordBot</c> User-Agent, 400 50035 for a body without content of 1–2000
/// characters or a reply to an unknown message, 404 for an unknown channel or message. Only the request messages are
/// kept (message ID → channel ID), the one thing replies and edits must match.
/// </summary>
internal sealed class DiscordLeanApi(string token, string channelId)
{
    private const string Api = "/api/v10/";
    private const int ContentLimit = 2000;
    private readonly ConcurrentDictionary<string, string> _requestMessages = new(StringComparer.Ordinal);
    private long _nextId = 1_200_000_000_000_000_000;

    /// <summary>Routes the adapter's calls to this API.</summary>
    /// <param name="server">The fake.</param>
    public void MapTo(FakeApiServer server)
    {
        server.Map("GET", Api + "users/@me", request => Authorized(request) ?? FakeResponse.JsonBody(CallKind.Read, new { id = "900000000000000009", username = "teleport-load", bot = true }));
        server.Map("POST", path => MessagesPath(path) is { Message: null }, CreateMessage);
        server.Map("PATCH", path => MessagesPath(path) is { Message: not null }, EditMessage);
    }

    private static FakeResponse Error(int status, int code, string message) => FakeResponse.JsonBody(CallKind.Read, new { message, code }, status);

    private static FakeResponse InvalidFormBody() => Error(400, 50035, "Invalid Form Body");

    private static (string Channel, string? Message)? MessagesPath(string path) =>
        path.StartsWith(Api, StringComparison.Ordinal)
            ? path[Api.Length..].Split('/') switch
            {
                ["channels", var channel, "messages"] => (channel, null),
                ["channels", var channel, "messages", var message] => (channel, message),
                _ => null,
            }
            : null;

    private static bool HasContent(JsonElement body) =>
        FakeJson.Text(body, "content") is { Length: > 0 and <= ContentLimit };

    private static FakeResponse Message(CallKind kind, string id, string channel) =>
        new(200, $$"""{"id":"{{id}}","channel_id":"{{channel}}","type":{{(kind == CallKind.Reply ? 19 : 0)}}}""") { Kind = kind };

    private FakeResponse? Authorized(FakeRequest request)
    {
        if (!string.Equals(request.Header("Authorization"), "Bot " + token, StringComparison.Ordinal))
        {
            return Error(401, 0, "401: Unauthorized");
        }

        return request.Header("User-Agent")?.StartsWith("DiscordBot (", StringComparison.Ordinal) == true ? null : Error(403, 40333, "internal network error");
    }

    /// <summary>Checks the token, the channel and the body, then answers from the body.</summary>
    private FakeResponse WithBody(FakeRequest request, string channel, Func<JsonElement, FakeResponse> handle)
    {
        if (Authorized(request) is { } denied)
        {
            return denied;
        }

        return channel != channelId
            ? Error(404, 10003, "Unknown Channel")
            : FakeJson.Read(request, () => Error(400, 50109, "The request body contains invalid JSON."), body => HasContent(body) ? handle(body) : InvalidFormBody());
    }

    private FakeResponse CreateMessage(FakeRequest request)
    {
        var channel = MessagesPath(request.Path)!.Value.Channel;
        return WithBody(request, channel, body =>
        {
            var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
            if (!body.TryGetProperty("message_reference", out var reference))
            {
                _requestMessages[id] = channel;
                return Message(CallKind.Root, id, channel);
            }

            return FakeJson.Text(reference, "message_id") is { } parent && _requestMessages.TryGetValue(parent, out var parentChannel) && parentChannel == channel
                ? Message(CallKind.Reply, id, channel)
                : InvalidFormBody();
        });
    }

    private FakeResponse EditMessage(FakeRequest request)
    {
        var (channel, id) = MessagesPath(request.Path)!.Value;
        return WithBody(request, channel, _ =>
            _requestMessages.TryGetValue(id!, out var known) && known == channel
                ? Message(CallKind.Update, id!, channel)
                : Error(404, 10008, "Unknown Message"));
    }
}
