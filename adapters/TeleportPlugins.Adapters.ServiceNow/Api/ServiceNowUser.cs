namespace TeleportPlugins.Adapters.ServiceNow.Api;

/// <summary>A sys_user record read with <c>sysparm_fields=user_name</c>.</summary>
internal sealed record ServiceNowUser(string? UserName);
