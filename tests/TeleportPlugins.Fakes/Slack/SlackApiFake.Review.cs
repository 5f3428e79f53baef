using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TeleportPlugins.Fakes.Slack;

/// <summary>
/// Slack's side of approve-from-tool: the interaction payloads Slack delivers (<see cref="BlockActions"/>,
/// <see cref="ViewSubmission"/>), signed as Slack signs them (<see cref="Sign"/>) or wrapped in a Socket Mode envelope
/// (<see cref="Envelope"/>), and the calls an app makes in answer, checked like the others (method, path, the token,
/// the JSON body): <c>chat.postEphemeral</c> (a known user), <c>views.open</c> (a trigger_id the fake issued, used once
/// within 3 seconds; a modal within Block Kit's limits), <c>users.info</c>, and <c>apps.connections.open</c>, which
/// takes the app-level token (<see cref="AppToken"/>; a bot token gets <c>not_allowed_token_type</c>) and answers a
/// single-use URL of <see cref="SocketMode"/>.
/// </summary>
public sealed partial class SlackApiFake
{
    private static readonly TimeSpan TriggerLifetime = TimeSpan.FromSeconds(3);
    private readonly ConcurrentQueue<SlackEphemeralMessage> _ephemerals = new();
    private readonly ConcurrentQueue<SlackOpenedView> _views = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _triggers = new(StringComparer.Ordinal);
    private SlackSocketModeServer? _socketMode;
    private int _interactions;

    /// <summary>The app's signing secret, which <see cref="Sign"/> signs deliveries with.</summary>
    public string SigningSecret { get; } = "8f742231b10e8888abcd99fakefake85";

    /// <summary>The app-level token (<c>xapp-…</c>) <c>apps.connections.open</c> accepts.</summary>
    public string AppToken { get; } = "xapp-1-A0FAKEAPP-1-socket-secret";

    /// <summary>Ephemeral messages accepted, in order.</summary>
    public IReadOnlyList<SlackEphemeralMessage> Ephemerals => [.. _ephemerals];

    /// <summary>Modals opened, in order.</summary>
    public IReadOnlyList<SlackOpenedView> OpenedViews => [.. _views];

    /// <summary>The Socket Mode server, once started with <see cref="StartSocketModeAsync"/>.</summary>
    public SlackSocketModeServer? SocketMode => _socketMode;

    /// <summary>Starts the Socket Mode WebSocket server that <c>apps.connections.open</c> hands out URLs of.</summary>
    /// <returns>The server.</returns>
    public async Task<SlackSocketModeServer> StartSocketModeAsync() => _socketMode ??= await SlackSocketModeServer.StartAsync();

    /// <summary>The payload Slack sends when <paramref name="userId"/> clicks a button of a message, with a fresh trigger_id.</summary>
    /// <param name="userId">The clicking user.</param>
    /// <param name="actionId">The button's action_id.</param>
    /// <param name="value">The button's value.</param>
    /// <param name="channel">The message's channel ID.</param>
    /// <returns>The JSON payload.</returns>
    public string BlockActions(string userId, string actionId, string value, string channel = "C0GENERAL")
    {
        var trigger = IssueTrigger();
        var actionTs = NextTs();
        return JsonSerializer.Serialize(new
        {
            type = "block_actions",
            user = new { id = userId, username = userId.ToLowerInvariant(), team_id = "T0EXAMPLE" },
            api_app_id = "A0FAKEAPP",
            container = new { type = "message", message_ts = actionTs, channel_id = channel, is_ephemeral = false },
            trigger_id = trigger,
            team = new { id = "T0EXAMPLE", domain = "example" },
            channel = new { id = channel, name = channel },
            response_url = new Uri(Server.BaseAddress, $"actions/T0EXAMPLE/{trigger}").ToString(),
            actions = new[] { new { action_id = actionId, block_id = "review_block", value, type = "button", action_ts = actionTs } },
        });
    }

    /// <summary>The payload Slack sends when <paramref name="userId"/> submits <paramref name="view"/>, its first input holding <paramref name="text"/>.</summary>
    /// <param name="view">A modal the adapter opened.</param>
    /// <param name="userId">The submitting user.</param>
    /// <param name="text">The typed text, or null when left empty.</param>
    /// <returns>The JSON payload.</returns>
    public static string ViewSubmission(SlackOpenedView view, string userId, string? text)
    {
        ArgumentNullException.ThrowIfNull(view);
        var values = view.Inputs.ToDictionary(
            input => input.BlockId,
            input => new Dictionary<string, object> { [input.ActionId] = new { type = "plain_text_input", value = input == view.Inputs[0] ? text : null } });
        return JsonSerializer.Serialize(new
        {
            type = "view_submission",
            team = new { id = "T0EXAMPLE", domain = "example" },
            user = new { id = userId, username = userId.ToLowerInvariant(), team_id = "T0EXAMPLE" },
            api_app_id = "A0FAKEAPP",
            trigger_id = "trigger-of-submission",
            view = new { id = view.Id, type = "modal", callback_id = view.CallbackId, private_metadata = view.PrivateMetadata, state = new { values } },
        });
    }

    /// <summary>An interactivity delivery as Slack sends it: a form body <c>payload=…</c> and its signature headers.</summary>
    /// <param name="payload">The JSON payload.</param>
    /// <param name="sentAt">When Slack sent it (<c>X-Slack-Request-Timestamp</c>).</param>
    /// <param name="secret">The secret to sign with; <see cref="SigningSecret"/> unless forging.</param>
    /// <returns>The raw body and the headers.</returns>
    public (byte[] Body, Dictionary<string, string> Headers) Sign(string payload, DateTimeOffset sentAt, string? secret = null)
    {
        var body = Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payload));
        return (body, SignBody(body, sentAt, secret));
    }

    /// <summary>The headers Slack sends with <paramref name="body"/>, whatever the body holds.</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="sentAt">When Slack sent it.</param>
    /// <param name="secret">The secret to sign with; <see cref="SigningSecret"/> unless forging.</param>
    /// <returns>The headers.</returns>
    public Dictionary<string, string> SignBody(byte[] body, DateTimeOffset sentAt, string? secret = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var timestamp = sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes($"v0:{timestamp}:").Concat(body).ToArray();
        var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret ?? SigningSecret), signed));
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/x-www-form-urlencoded",
            ["X-Slack-Request-Timestamp"] = timestamp,
            ["X-Slack-Signature"] = signature,
        };
    }

    /// <summary>A Socket Mode envelope carrying an interaction payload.</summary>
    /// <param name="envelopeId">The envelope ID the app must acknowledge.</param>
    /// <param name="payload">The JSON payload.</param>
    /// <returns>The envelope's JSON.</returns>
    public static string Envelope(string envelopeId, string payload) =>
        $$$"""{"envelope_id":{{{JsonSerializer.Serialize(envelopeId)}}},"type":"interactive","accepts_response_payload":false,"retry_attempt":0,"retry_reason":"","payload":{{{payload}}}}""";

    private void MapReviewCalls()
    {
        Server.Map("POST", "/api/chat.postEphemeral", PostEphemeral);
        Server.Map("POST", "/api/views.open", OpenView);
        Server.Map("GET", "/api/users.info", UserInfo);
        Server.Map("POST", "/api/apps.connections.open", OpenConnection);
    }

    private string IssueTrigger()
    {
        var trigger = string.Create(CultureInfo.InvariantCulture, $"{Interlocked.Increment(ref _interactions)}.1234567890.{Guid.NewGuid():N}");
        _triggers[trigger] = _time.GetUtcNow();
        return trigger;
    }

    private FakeResponse PostEphemeral(FakeRequest request)
    {
        if (Parse(request, out var body) is { } invalid)
        {
            return invalid;
        }

        if (FakeJson.Text(body, "channel") is not { } target || ResolveChannel(target) is not { } channel)
        {
            return Fail("channel_not_found");
        }

        if (FakeJson.Text(body, "user") is not { } user || !_userIds.ContainsKey(user))
        {
            return Fail("user_not_found");
        }

        if (FakeJson.Text(body, "text") is not { Length: > 0 and <= 4000 } text)
        {
            return Fail("no_text");
        }

        _ephemerals.Enqueue(new SlackEphemeralMessage(channel, user, text));
        return FakeResponse.JsonBody(new { ok = true, message_ts = NextTs() });
    }

    // views.open: the trigger_id of a click, once and within 3 seconds; a modal's title, submit and close labels up to
    // 24 characters, callback_id up to 255, private_metadata up to 3000, at most 100 blocks.
    private FakeResponse OpenView(FakeRequest request)
    {
        if (Parse(request, out var body) is { } invalid)
        {
            return invalid;
        }

        if (FakeJson.Text(body, "trigger_id") is not { } trigger || !_triggers.TryRemove(trigger, out var issued))
        {
            return Fail(FakeJson.Text(body, "trigger_id") is null ? "invalid_arguments" : "invalid_trigger_id");
        }

        if (_time.GetUtcNow() - issued > TriggerLifetime)
        {
            return Fail("expired_trigger_id");
        }

        var view = FakeJson.Field(body, "view");
        var inputs = new List<(string, string)>();
        var valid = FakeJson.Text(view, "type") == "modal"
            && IsLabel(FakeJson.Field(view, "title")) && IsLabel(FakeJson.Field(view, "submit")) && IsLabel(FakeJson.Field(view, "close"))
            && FakeJson.Text(view, "callback_id") is { Length: <= 255 }
            && FakeJson.Text(view, "private_metadata") is { Length: <= 3000 }
            && FakeJson.Field(view, "blocks") is { ValueKind: JsonValueKind.Array } blocks && blocks.GetArrayLength() is > 0 and <= 100
            && blocks.EnumerateArray().All(block => IsInput(block, inputs));
        if (!valid)
        {
            return Fail("invalid_arguments");
        }

        var id = "V" + NextTs().Replace(".", string.Empty, StringComparison.Ordinal);
        _views.Enqueue(new SlackOpenedView(id, FakeJson.Text(view, "callback_id")!, FakeJson.Text(view, "private_metadata")!, FakeJson.Field(view, "title").GetProperty("text").GetString()!, inputs));
        return FakeResponse.JsonBody(new { ok = true, view = new { id, type = "modal" } });
    }

    private static bool IsLabel(JsonElement text) =>
        FakeJson.Text(text, "type") == "plain_text" && FakeJson.Text(text, "text") is { Length: > 0 and <= 24 };

    private static bool IsInput(JsonElement block, List<(string, string)> inputs)
    {
        var element = FakeJson.Field(block, "element");
        if (FakeJson.Text(block, "type") != "input" || FakeJson.Text(block, "block_id") is not { Length: > 0 and <= 255 } blockId
            || FakeJson.Text(FakeJson.Field(block, "label"), "type") != "plain_text" || FakeJson.Text(FakeJson.Field(block, "label"), "text") is not { Length: > 0 and <= 2000 }
            || FakeJson.Text(element, "type") != "plain_text_input" || FakeJson.Text(element, "action_id") is not { Length: > 0 and <= 255 } actionId)
        {
            return false;
        }

        inputs.Add((blockId, actionId));
        return true;
    }

    private FakeResponse UserInfo(FakeRequest request)
    {
        if (AuthError(request) is { } error)
        {
            return Fail(error);
        }

        var id = request.QueryValue("user");
        if (id is null || !_userIds.ContainsKey(id))
        {
            return Fail("user_not_found");
        }

        var email = _usersByEmail.FirstOrDefault(u => u.Value == id).Key;
        return FakeResponse.JsonBody(new { ok = true, user = new { id, team_id = "T0EXAMPLE", name = email?.Split('@')[0], deleted = false, profile = new { email } } });
    }

    private FakeResponse OpenConnection(FakeRequest request)
    {
        var authorization = request.Header("Authorization");
        if (authorization is null)
        {
            return Fail("not_authed");
        }

        if (string.Equals(authorization, "Bearer " + Token, StringComparison.Ordinal))
        {
            return Fail("not_allowed_token_type");
        }

        if (!string.Equals(authorization, "Bearer " + AppToken, StringComparison.Ordinal))
        {
            return Fail("invalid_auth");
        }

        return _socketMode is { } socket
            ? FakeResponse.JsonBody(new { ok = true, url = socket.NewUrl().ToString() })
            : Fail("internal_error");
    }
}
