using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>Source-generated JSON for the GitLab API (snake_case, nulls omitted).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GitLabUser))]
[JsonSerializable(typeof(GitLabProject))]
[JsonSerializable(typeof(List<GitLabLabel>))]
[JsonSerializable(typeof(GitLabLabel))]
[JsonSerializable(typeof(GitLabNewLabel))]
[JsonSerializable(typeof(GitLabNewIssue))]
[JsonSerializable(typeof(GitLabIssue))]
[JsonSerializable(typeof(List<GitLabIssue>))]
[JsonSerializable(typeof(GitLabIssueUpdate))]
[JsonSerializable(typeof(GitLabNewNote))]
[JsonSerializable(typeof(GitLabNote))]
[JsonSerializable(typeof(List<GitLabNote>))]
[JsonSerializable(typeof(List<GitLabLabelEvent>))]
[JsonSerializable(typeof(GitLabError))]
[JsonSerializable(typeof(GitLabIssueHook))]
internal sealed partial class GitLabJsonContext : JsonSerializerContext;
