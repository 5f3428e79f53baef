namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>The body of POST issue.</summary>
internal sealed record JiraCreateIssueRequest(JiraNewIssueFields Fields, IReadOnlyList<JiraEntityProperty> Properties);
