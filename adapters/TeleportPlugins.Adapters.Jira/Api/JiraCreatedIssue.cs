namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>The answer of POST issue (201).</summary>
internal sealed record JiraCreatedIssue(string? Id, string? Key);
