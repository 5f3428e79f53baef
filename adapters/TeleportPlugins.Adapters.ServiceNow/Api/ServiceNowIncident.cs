namespace TeleportPlugins.Adapters.ServiceNow.Api;

/// <summary>The incident fields the adapter reads back (POST answers and look-ups).</summary>
internal sealed record ServiceNowIncident(string? SysId, string? Number);
