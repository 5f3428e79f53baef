namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>The attributes of an <c>incidents</c> resource the adapter writes or reads.</summary>
internal sealed record DatadogIncidentAttributes(
    string? Title = null,
    DatadogIncidentFields? Fields = null,
    bool? CustomerImpacted = null,
    IReadOnlyList<DatadogHandle>? NotificationHandles = null,
    DateTimeOffset? Created = null);
