namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>A permission of <c>GET /api/v2/permissions</c>: its name and whether the keys' user is denied it.</summary>
internal sealed record DatadogPermissionAttributes(string? Name, bool Restricted);
