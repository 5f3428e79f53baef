using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>The identity platform's error body: an OAuth error code and the AADSTS numbers (the description is not kept).</summary>
internal sealed record TeamsTokenError(
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_codes")] IReadOnlyList<long>? ErrorCodes);
