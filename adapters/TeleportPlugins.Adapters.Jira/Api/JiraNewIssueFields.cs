using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>The fields of a new issue (REST v2: the description is wiki markup).</summary>
internal sealed record JiraNewIssueFields(
    JiraKeyRef Project,
    [property: JsonPropertyName("issuetype")] JiraNameRef IssueType,
    string Summary,
    string Description,
    IReadOnlyList<string> Labels);
