namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>A V3 webhook: always exactly one event.</summary>
internal sealed record PagerDutyWebhook(PagerDutyWebhookEvent? Event);
