namespace TeleportPlugins.Fakes.Mailgun;

/// <summary>The <c>accepted</c> event Mailgun stores for a message it queued, as much of it as its events API shows.</summary>
/// <param name="Id">The event's id.</param>
/// <param name="Timestamp">When Mailgun accepted the message.</param>
/// <param name="Recipient">The recipient.</param>
/// <param name="MessageId">The message's Message-ID, without angle brackets (as Mailgun shows it in events).</param>
/// <param name="From">The From header.</param>
/// <param name="Subject">The Subject header.</param>
public sealed record MailgunAcceptedEvent(string Id, DateTimeOffset Timestamp, string Recipient, string MessageId, string From, string Subject);
