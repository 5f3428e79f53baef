namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The <c>{"incident": ...}</c> wrapper of incident writes.</summary>
/// <typeparam name="T">What is written.</typeparam>
internal sealed record PagerDutyIncidentRequest<T>(T Incident);
