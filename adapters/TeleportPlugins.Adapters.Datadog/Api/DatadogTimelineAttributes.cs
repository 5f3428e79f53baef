namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>The attributes of an <c>incident_timeline_cells</c> resource: a markdown note.</summary>
internal sealed record DatadogTimelineAttributes(string? CellType, DatadogTimelineContent? Content);
