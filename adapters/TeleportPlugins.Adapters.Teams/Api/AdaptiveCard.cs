using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>An Adaptive Card (schema 1.4, which Teams renders): text blocks and an "Open" button.</summary>
internal sealed record AdaptiveCard(IReadOnlyList<AdaptiveElement> Body, IReadOnlyList<AdaptiveAction>? Actions)
{
    [JsonPropertyName("$schema")]
    public string Schema { get; init; } = "http://adaptivecards.io/schemas/adaptive-card.json";

    public string Type { get; init; } = "AdaptiveCard";

    public string Version { get; init; } = "1.4";
}
