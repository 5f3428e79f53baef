using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Email;

/// <summary>Mailgun's answer to <c>GET /v3/domains/{domain}</c> (the DNS record lists are not needed).</summary>
/// <param name="Domain">The domain.</param>
internal sealed record MailgunDomainResponse([property: JsonPropertyName("domain")] MailgunDomain? Domain);
