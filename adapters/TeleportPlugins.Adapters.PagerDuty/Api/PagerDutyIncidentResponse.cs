namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The answer of <c>POST /incidents</c> and <c>GET /incidents/{id}</c>.</summary>
internal sealed record PagerDutyIncidentResponse(PagerDutyIncident? Incident);
