namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>One entry of GET mypermissions.</summary>
internal sealed record JiraPermission(string? Key, bool HavePermission);
