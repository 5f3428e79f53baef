namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>A project (GET project/{key}).</summary>
internal sealed record JiraProject(string? Id, string? Key, string? Name);
