namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>The content of a markdown timeline cell.</summary>
internal sealed record DatadogTimelineContent(string? Content);
