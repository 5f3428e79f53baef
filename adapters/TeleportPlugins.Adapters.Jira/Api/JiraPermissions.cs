namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>The answer of GET mypermissions.</summary>
internal sealed record JiraPermissions(IReadOnlyDictionary<string, JiraPermission>? Permissions);
