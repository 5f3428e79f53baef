namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The <c>incident</c> of <c>PUT /incidents/{id}</c>: <c>{"type":"incident_reference","status":"resolved"}</c>.</summary>
internal sealed record PagerDutyIncidentStatusUpdate(string Type, string Status);
