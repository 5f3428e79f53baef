using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Email;

/// <summary>One Mailgun event: <c>{"event": "accepted", "id": …, "timestamp": 1529704976.1, "recipient": …, "message": {…}}</c>.</summary>
/// <param name="Event">The event type, e.g. <c>accepted</c>.</param>
/// <param name="Recipient">The one recipient the event is about.</param>
/// <param name="Message">The message it concerns.</param>
internal sealed record MailgunEvent(
    [property: JsonPropertyName("event")] string? Event,
    [property: JsonPropertyName("recipient")] string? Recipient,
    [property: JsonPropertyName("message")] MailgunEventMessage? Message);
