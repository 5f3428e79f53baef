namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>An issue status.</summary>
internal sealed record JiraStatus(string? Id, string? Name);
