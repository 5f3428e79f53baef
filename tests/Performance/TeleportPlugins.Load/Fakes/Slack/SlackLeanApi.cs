using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes.Slack;

/// <summary>
/// The Slack Web API methods the adapter calls, answered at once. Like Slack it refuses with HTTP 200 and
/// <c>{"ok": false, "error": code}</c>: <c>not_authed</c> / <c>invalid_auth</c> for a missing or wrong Bearer token,
/// <c>invalid_json</c>, <c>channel_not_found</c>, <c>no_text</c>, <c>invalid_thread_ts</c>, <c>message_not_found</c>.
/// Only the request messages posted to the load channel are kept (ts → channel ID), the one thing thread replies and
/// edits must match; every e-mail address is a user, whose direct-message channel is <c>D</c> + the user ID without its
/// <c>U</c>.
/// </summary>
internal sealed class SlackLeanApi(string token, string channelName, string channelId)
{
    private readonly ConcurrentDictionary<string, string> _requestMessages = new(StringComparer.Ordinal);
    private long _clock = 1_763_726_400_000_000;

    /// <summary>Routes auth.test, users.lookupByEmail, chat.postMessage and chat.update to this API.</summary>
    /// <param name="server">The fake.</param>
    public void MapTo(FakeApiServer server)
    {
        server.Map("POST", "/api/auth.test", AuthTest);
        server.Map("GET", "/api/users.lookupByEmail", LookupByEmail);
        server.Map("POST", "/api/chat.postMessage", request => WithBody(request, PostMessage));
        server.Map("POST", "/api/chat.update", request => WithBody(request, Update));
    }

    private static FakeResponse Fail(string error) =>
        new(200, $$"""{"ok":false,"error":"{{error}}"}""") { Refusal = true };

    private static bool HasContent(JsonElement body) =>
        !string.IsNullOrEmpty(FakeJson.Text(body, "text"))
        || (body.TryGetProperty("blocks", out var blocks) && blocks.ValueKind == JsonValueKind.Array && blocks.GetArrayLength() > 0);

    private static string UserIdOf(string email) =>
        string.Create(CultureInfo.InvariantCulture, $"U{(uint)StringComparer.OrdinalIgnoreCase.GetHashCode(email):X8}");

    private string? AuthError(FakeRequest request) => request.Header("Authorization") switch
    {
        null => "not_authed",
        var header when string.Equals(header, "Bearer " + token, StringComparison.Ordinal) => null,
        _ => "invalid_auth",
    };

    private FakeResponse WithBody(FakeRequest request, Func<JsonElement, FakeResponse> handle) =>
        AuthError(request) is { } error
            ? Fail(error)
            : FakeJson.Read(request, () => Fail("invalid_json"), body => body.ValueKind == JsonValueKind.Object ? handle(body) : Fail("invalid_json"));

    private FakeResponse AuthTest(FakeRequest request) =>
        AuthError(request) is { } error
            ? Fail(error)
            : FakeResponse.JsonBody(CallKind.Read, new { ok = true, url = "https://load.slack.example/", team = "Load", user = "teleport-bot", team_id = "T0LOAD", user_id = "U0BOT" });

    private FakeResponse LookupByEmail(FakeRequest request)
    {
        if (AuthError(request) is { } error)
        {
            return Fail(error);
        }

        var email = request.QueryValue("email");
        return string.IsNullOrEmpty(email)
            ? Fail("invalid_arguments")
            : FakeResponse.JsonBody(CallKind.Read, new { ok = true, user = new { id = UserIdOf(email), name = email.Split('@')[0], deleted = false } });
    }

    private FakeResponse PostMessage(JsonElement body)
    {
        var channel = FakeJson.Text(body, "channel") is { } target ? ChannelOf(target) : null;
        if (channel is null)
        {
            return Fail("channel_not_found");
        }

        if (!HasContent(body))
        {
            return Fail("no_text");
        }

        if (body.TryGetProperty("thread_ts", out var thread))
        {
            // Slack takes thread_ts as a string, and only a top-level message of the same channel starts a thread.
            return thread.ValueKind == JsonValueKind.String && _requestMessages.TryGetValue(thread.GetString()!, out var parent) && parent == channel
                ? Posted(CallKind.Reply, channel, NextTs())
                : Fail("invalid_thread_ts");
        }

        var ts = NextTs();
        if (channel != channelId)
        {
            // A direct message tells the requester the outcome; the adapter never edits it or replies to it.
            return Posted(CallKind.Update, channel, ts);
        }

        _requestMessages[ts] = channel;
        return Posted(CallKind.Root, channel, ts);
    }

    private FakeResponse Update(JsonElement body)
    {
        // chat.update needs the channel ID Slack returned when posting, not the name the message was posted to.
        var channel = FakeJson.Text(body, "channel");
        var ts = FakeJson.Text(body, "ts");
        if (channel is null || ts is null || !_requestMessages.TryGetValue(ts, out var known) || known != channel)
        {
            return Fail(channel is null ? "channel_not_found" : "message_not_found");
        }

        return HasContent(body) ? Posted(CallKind.Update, channel, ts) : Fail("no_text");
    }

    /// <summary>The channel ID a <c>channel</c> argument names: the load channel by name or ID, or a user's direct messages.</summary>
    private string? ChannelOf(string target)
    {
        if (target == channelId || target.TrimStart('#') == channelName)
        {
            return channelId;
        }

        return target.Length > 1 && target[0] is 'U' or 'D' && target.Skip(1).All(char.IsAsciiLetterOrDigit) ? "D" + target[1..] : null;
    }

    private static FakeResponse Posted(CallKind kind, string channel, string ts) =>
        new(200, $$"""{"ok":true,"channel":"{{channel}}","ts":"{{ts}}"}""") { Kind = kind };

    private string NextTs()
    {
        var value = Interlocked.Increment(ref _clock);
        return string.Create(CultureInfo.InvariantCulture, $"{value / 1_000_000}.{value % 1_000_000:D6}");
    }
}
