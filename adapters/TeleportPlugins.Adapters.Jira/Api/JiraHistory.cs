namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>One change of an issue: who, when and which fields.</summary>
internal sealed record JiraHistory(string? Id, JiraUser? Author, string? Created, IReadOnlyList<JiraHistoryItem>? Items);
