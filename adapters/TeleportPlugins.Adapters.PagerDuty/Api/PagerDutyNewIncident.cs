namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The <c>incident</c> of <c>POST /incidents</c>.</summary>
internal sealed record PagerDutyNewIncident(string Type, string Title, PagerDutyReference Service, string IncidentKey, PagerDutyIncidentBody Body);
