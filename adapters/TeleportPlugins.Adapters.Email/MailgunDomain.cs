using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Email;

/// <summary>The <c>domain</c> object of <c>GET /v3/domains/{domain}</c>.</summary>
/// <param name="Name">The domain name.</param>
/// <param name="State">"active", "unverified" or "disabled".</param>
internal sealed record MailgunDomain(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("state")] string? State);
