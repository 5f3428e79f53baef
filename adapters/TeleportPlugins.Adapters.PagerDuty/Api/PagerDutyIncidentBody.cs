namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>An incident's body: <c>{"type":"incident_body","details":"..."}</c>.</summary>
internal sealed record PagerDutyIncidentBody(string Type, string Details);
