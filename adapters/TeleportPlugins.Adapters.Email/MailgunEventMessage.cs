using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Email;

/// <summary>The <c>message</c> of a Mailgun event; only its headers are read.</summary>
/// <param name="Headers">The headers: <c>{"message-id": "…@domain", "to": …, "from": …, "subject": …}</c>.</param>
internal sealed record MailgunEventMessage([property: JsonPropertyName("headers")] MailgunEventHeaders? Headers);
