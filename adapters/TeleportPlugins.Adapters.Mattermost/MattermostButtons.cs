using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Adapters.Common;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// The Approve and Deny buttons of a pending request's post, and the check of a click's context. Mattermost does not
/// sign what its server sends to an integration; each button's context carries a token, HMAC-SHA256 under
/// <c>action_secret</c> of <c>request_id|action</c>, so a click is bound to one request and one decision, and no one
/// without the secret can make one up. The reason dialog a Deny opens passes through Mattermost's clients, so its state
/// carries another token, of <c>dialog|request_id|user_id</c>: a submission counts only for the user the dialog was
/// opened for (the server sets <c>user_id</c> from the session), and a state someone copies lets no one else deny.
/// </summary>
internal sealed class MattermostButtons
{
    /// <summary>The action that approves.</summary>
    public const string Approve = "approve";

    /// <summary>The action that denies.</summary>
    public const string Deny = "deny";

    private const string ReasonElement = "reason";

    // As long a reason as Teleport's plugins show.
    private const int ReasonLimit = 500;

    private readonly byte[] _key;
    private readonly Uri _callback;

    public MattermostButtons(MattermostReviewOptions options)
    {
        _key = Encoding.UTF8.GetBytes(options.ActionSecret);
        _callback = options.CallbackUrl!;
    }

    /// <summary>The attachment holding the two buttons for <paramref name="requestId"/>.</summary>
    public IReadOnlyList<MattermostAttachment> For(string requestId) =>
    [
        new MattermostAttachment(
            "Review this request as your Teleport user:",
            [Button(requestId, Approve, "Approve", "good"), Button(requestId, Deny, "Deny", "danger")]),
    ];

    /// <summary>Whether <paramref name="context"/> carries the token of its request and action, compared in constant time.</summary>
    public bool IsAuthentic(MattermostActionContext? context) =>
        context is { RequestId: { Length: > 0 } requestId, Action: { Length: > 0 } action }
        && SecretComparison.AreEqual(Token(requestId, action), context.Token);

    /// <summary>The reason dialog for a denial of <paramref name="requestId"/> by <paramref name="userId"/>.</summary>
    public MattermostDialog ReasonDialog(string requestId, string userId) => new(
        "teleport-deny",
        "Deny access request",
        $"Deny request {requestId} as your Teleport user. The reason is shown to the requester.",
        [new MattermostDialogElement("Reason", ReasonElement, "textarea", Optional: true, MaxLength: ReasonLimit)],
        "Deny",
        $"{requestId}|{Token("dialog", requestId, userId)}");

    /// <summary>
    /// The request a dialog's <paramref name="state"/> was made for, when its token matches that request and
    /// <paramref name="userId"/> (constant time); else null.
    /// </summary>
    public string? DialogRequest(string? state, string? userId) =>
        state?.Split('|') is [{ Length: > 0 } requestId, var token] && userId is { Length: > 0 }
        && SecretComparison.AreEqual(Token("dialog", requestId, userId), token)
            ? requestId
            : null;

    /// <summary>The reason the user typed, cut to the dialog's limit, or empty.</summary>
    public static string Reason(IReadOnlyDictionary<string, JsonElement>? submission) =>
        submission?.GetValueOrDefault(ReasonElement) is { ValueKind: JsonValueKind.String } value ? TextLimits.Truncate(value.GetString()!.Trim(), ReasonLimit) : string.Empty;

    private MattermostAction Button(string requestId, string action, string name, string style) =>
        new(action, name, style, new MattermostIntegration(_callback, new MattermostActionContext(requestId, action, Token(requestId, action))));

    private string Token(string requestId, string action) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{requestId}|{action}")));

    // "dialog|<request>|<user>" never verifies as a button's "<request>|<action>": the action would have to be a user ID,
    // and only "approve" and "deny" are acted on; nor a button's token as a state, whose user ID the server sets.
    private string Token(string purpose, string requestId, string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{purpose}|{requestId}|{userId}")));
}
