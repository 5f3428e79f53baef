namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>A comment.</summary>
internal sealed record JiraComment(string? Id, JiraUser? Author, string? Body, string? Created);
