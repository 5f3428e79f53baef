namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The answer of <c>POST /incidents</c>.</summary>
internal sealed record PagerDutyIncidentResponse(PagerDutyIncident? Incident);
