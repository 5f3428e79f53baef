using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Email;

/// <summary>Mailgun's error envelope: <c>{"message": "…"}</c>.</summary>
/// <param name="Message">What is wrong.</param>
internal sealed record MailgunError([property: JsonPropertyName("message")] string? Message);
