namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>The incident fields the adapter writes or reads; absent ones are left as they are.</summary>
internal sealed record DatadogIncidentFields(
    DatadogField<string>? Summary = null,
    DatadogField<string>? Severity = null,
    DatadogField<string>? State = null,
    DatadogField<string>? DetectionMethod = null,
    DatadogField<IReadOnlyList<string>>? Teams = null);
