namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>PagerDuty's error body.</summary>
internal sealed record PagerDutyErrorEnvelope(PagerDutyError? Error);
