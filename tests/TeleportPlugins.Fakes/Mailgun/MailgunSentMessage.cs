namespace TeleportPlugins.Fakes.Mailgun;

/// <summary>A message the Mailgun fake accepted, in Mailgun's terms.</summary>
/// <param name="Id">The id Mailgun answered with (wrapped in angle brackets, as Mailgun does).</param>
/// <param name="From">The <c>from</c> field.</param>
/// <param name="To">The <c>to</c> field.</param>
/// <param name="Subject">The <c>subject</c> field.</param>
/// <param name="Text">The <c>text</c> field.</param>
/// <param name="InReplyTo">The <c>h:In-Reply-To</c> field, or null.</param>
/// <param name="References">The <c>h:References</c> field, or null.</param>
/// <param name="RequireTls">The <c>o:require-tls</c> field, or null.</param>
public sealed record MailgunSentMessage(string Id, string From, string To, string Subject, string Text, string? InReplyTo, string? References, string? RequireTls);
