using System.Text.Json;

namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>Jira's error envelope; <c>errors</c> is an object of field messages, or an array on old servers.</summary>
internal sealed record JiraErrorBody(IReadOnlyList<string>? ErrorMessages, JsonElement? Errors);
