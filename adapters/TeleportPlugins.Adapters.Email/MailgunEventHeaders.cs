using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Email;

/// <summary>The headers Mailgun keeps in an event.</summary>
/// <param name="MessageId">The Message-ID, without angle brackets (Mailgun's send answer wraps the same id in them).</param>
internal sealed record MailgunEventHeaders([property: JsonPropertyName("message-id")] string? MessageId);
