namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>A page of JQL search results (Cloud's search/jql and Data Center's search share the issues list).</summary>
internal sealed record JiraSearchResults(IReadOnlyList<JiraCreatedIssue>? Issues);
