using Refit;

namespace TeleportPlugins.Adapters.Email;

/// <summary>The form of Mailgun's <c>POST /v3/{domain}/messages</c>; null fields are left out of the form.</summary>
/// <param name="From">The <c>from</c> field.</param>
/// <param name="To">The <c>to</c> field (one recipient).</param>
/// <param name="Subject">The <c>subject</c> field.</param>
/// <param name="Text">The plain-text body, the <c>text</c> field.</param>
/// <param name="MessageId">The e-mail's own Message-ID in angle brackets as the <c>h:Message-Id</c> header; Mailgun sends it instead of one it makes up.</param>
/// <param name="InReplyTo">The thread's Message-ID in angle brackets as the <c>h:In-Reply-To</c> header, or null.</param>
/// <param name="References">The same id as the <c>h:References</c> header, or null.</param>
/// <param name="RequireTls">As Teleport's plugin: Mailgun must not hand the message on without TLS.</param>
internal sealed record MailgunMessage(
    [property: AliasAs("from")] string From,
    [property: AliasAs("to")] string To,
    [property: AliasAs("subject")] string Subject,
    [property: AliasAs("text")] string Text,
    [property: AliasAs("h:Message-Id")] string MessageId,
    [property: AliasAs("h:In-Reply-To")] string? InReplyTo,
    [property: AliasAs("h:References")] string? References,
    [property: AliasAs("o:require-tls")] string RequireTls = "true");
