namespace TeleportPlugins.Adapters.Email;

/// <summary>A request to Mailgun's <c>POST /v3/{domain}/messages</c>.</summary>
/// <param name="From">The <c>from</c> field.</param>
/// <param name="To">The <c>to</c> field (one recipient).</param>
/// <param name="Subject">The <c>subject</c> field.</param>
/// <param name="Text">The plain-text body, the <c>text</c> field.</param>
/// <param name="InReplyTo">The thread's Message-ID, sent as <c>h:In-Reply-To</c> and <c>h:References</c>, or null.</param>
internal sealed record MailgunMessage(string From, string To, string Subject, string Text, string? InReplyTo);
