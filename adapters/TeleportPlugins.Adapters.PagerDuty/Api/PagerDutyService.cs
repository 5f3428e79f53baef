namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The fields of a service the adapter reads.</summary>
internal sealed record PagerDutyService(string Id, string Name, PagerDutyReference? EscalationPolicy);
