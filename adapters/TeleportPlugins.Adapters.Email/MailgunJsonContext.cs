using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Email;

/// <summary>Source-generated JSON for the Mailgun responses.</summary>
[JsonSerializable(typeof(MailgunSendResponse))]
[JsonSerializable(typeof(MailgunDomainResponse))]
[JsonSerializable(typeof(MailgunError))]
[JsonSerializable(typeof(MailgunEventsPage))]
internal sealed partial class MailgunJsonContext : JsonSerializerContext;
