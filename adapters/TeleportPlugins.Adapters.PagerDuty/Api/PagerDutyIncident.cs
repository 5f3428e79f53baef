namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The fields of an incident the adapter reads.</summary>
internal sealed record PagerDutyIncident(string Id, string? IncidentKey, string? Status, string? HtmlUrl, PagerDutyReference? Service = null);
