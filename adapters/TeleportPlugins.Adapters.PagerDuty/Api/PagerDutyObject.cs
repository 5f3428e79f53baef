namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>An object or reference in a webhook, whose fields may be missing.</summary>
internal sealed record PagerDutyObject(string? Id, string? Type);
