using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Email;

/// <summary>Mailgun's answer to a send: <c>{"id": "&lt;…@domain&gt;", "message": "Queued. Thank you."}</c>.</summary>
/// <param name="Id">The Message-ID, wrapped in angle brackets.</param>
/// <param name="Message">The status text.</param>
internal sealed record MailgunSendResponse(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("message")] string? Message);
