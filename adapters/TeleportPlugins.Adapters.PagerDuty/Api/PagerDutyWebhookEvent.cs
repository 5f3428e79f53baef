namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>
/// The part of a V3 webhook event the adapter reads: its ID, type, time, who caused it (<c>agent</c>, a
/// <c>user_reference</c> for a click) and the resource (<c>data</c>, the incident for <c>incident.custom</c>).
/// </summary>
internal sealed record PagerDutyWebhookEvent(string? Id, string? EventType, DateTimeOffset? OccurredAt, PagerDutyObject? Agent, PagerDutyObject? Data);
