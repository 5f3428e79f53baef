namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The answer of <c>POST /incidents</c> and <c>PUT /incidents/{id}</c>.</summary>
internal sealed record PagerDutyIncidentResponse(PagerDutyIncident? Incident);
