using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>A webhook delivery (<c>jira:issue_updated</c> and friends).</summary>
internal sealed record JiraWebhookEvent(
    string? WebhookEvent,
    [property: JsonPropertyName("issue_event_type_name")] string? IssueEventTypeName,
    JiraIssue? Issue,
    JiraUser? User);
