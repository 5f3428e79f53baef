namespace TeleportPlugins.Adapters.Email;

/// <summary>The first e-mail sent to one recipient for a request; later e-mails reply to it.</summary>
/// <param name="Email">The recipient.</param>
/// <param name="Timestamp">When it was sent (opaque; Teleport's plugin writes Go's time format).</param>
/// <param name="MessageId">Its Message-ID, without angle brackets.</param>
internal sealed record EmailThread(string Email, string Timestamp, string MessageId);
