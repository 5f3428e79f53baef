namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>One entry of <c>GET /oncalls</c>.</summary>
internal sealed record PagerDutyOnCall(PagerDutyReference? User, PagerDutyReference? EscalationPolicy, int EscalationLevel);
