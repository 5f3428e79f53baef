namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>The issue changelog from <c>expand=changelog</c>.</summary>
internal sealed record JiraChangelog(IReadOnlyList<JiraHistory>? Histories);
