using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>The part of the Bot Framework's OpenID metadata the adapter reads: where the signing keys are.</summary>
internal sealed record BotOpenIdMetadata([property: JsonPropertyName("jwks_uri")] Uri? JwksUri);
