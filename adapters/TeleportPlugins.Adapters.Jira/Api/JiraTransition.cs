namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>A transition available from the current status.</summary>
internal sealed record JiraTransition(string? Id, string? Name, JiraStatus? To);
