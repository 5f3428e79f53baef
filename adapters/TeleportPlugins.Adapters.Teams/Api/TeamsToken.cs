using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>The Microsoft identity platform's answer to a client-credentials request (no refresh token is issued).</summary>
internal sealed record TeamsToken(
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("access_token")] string? AccessToken);
