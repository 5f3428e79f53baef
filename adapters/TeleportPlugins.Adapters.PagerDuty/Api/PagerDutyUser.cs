namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The fields of a user the adapter reads.</summary>
internal sealed record PagerDutyUser(string Id, string? Name, string? Email);
