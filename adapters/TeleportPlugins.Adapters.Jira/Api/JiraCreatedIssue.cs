namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>The answer of POST issue (201), and an issue in JQL search results.</summary>
internal sealed record JiraCreatedIssue(string? Id, string? Key);
