using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>Source-generated JSON for the Jira API (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JiraUser))]
[JsonSerializable(typeof(JiraProject))]
[JsonSerializable(typeof(JiraPermissions))]
[JsonSerializable(typeof(JiraCreateIssueRequest))]
[JsonSerializable(typeof(JiraCreatedIssue))]
[JsonSerializable(typeof(JiraIssue))]
[JsonSerializable(typeof(JiraTransitionRequest))]
[JsonSerializable(typeof(JiraCommentRequest))]
[JsonSerializable(typeof(JiraComment))]
[JsonSerializable(typeof(JiraCommentPage))]
[JsonSerializable(typeof(JiraSearchResults))]
[JsonSerializable(typeof(JiraErrorBody))]
[JsonSerializable(typeof(JiraWebhookEvent))]
internal sealed partial class JiraJsonContext : JsonSerializerContext;
