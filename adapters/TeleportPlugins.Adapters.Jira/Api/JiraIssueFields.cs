namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>The issue fields the adapter reads.</summary>
internal sealed record JiraIssueFields(JiraStatus? Status, JiraProject? Project);
