using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>One changed field in a changelog history.</summary>
internal sealed record JiraHistoryItem(
    string? Field,
    [property: JsonPropertyName("fieldtype")] string? FieldType,
    [property: JsonPropertyName("toString")] string? ToText);
