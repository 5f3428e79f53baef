namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>The attributes of <c>GET /api/v2/incidents/search</c>'s result: a page of incidents and how many match.</summary>
internal sealed record DatadogSearchAttributes(IReadOnlyList<DatadogDocument<DatadogResource<DatadogIncidentAttributes>>>? Incidents, int Total);
