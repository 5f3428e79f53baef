using System.Security.Cryptography;
using System.Text;
using TeleportPlugins.Adapters.Common;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// The Approve and Deny buttons of a pending request's post, and the check of a click's context. Mattermost does not
/// sign what its server sends to an integration; each button's context carries a token, HMAC-SHA256 under
/// <c>action_secret</c> of <c>request_id|action</c>, so a click is bound to one request and one decision, and no one
/// without the secret can make one up.
/// </summary>
internal sealed class MattermostButtons
{
    /// <summary>The action that approves.</summary>
    public const string Approve = "approve";

    /// <summary>The action that denies.</summary>
    public const string Deny = "deny";

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

    private MattermostAction Button(string requestId, string action, string name, string style) =>
        new(action, name, style, new MattermostIntegration(_callback, new MattermostActionContext(requestId, action, Token(requestId, action))));

    private string Token(string requestId, string action) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{requestId}|{action}")));
}
