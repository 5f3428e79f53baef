namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>An issue as the API returns it (labels are names).</summary>
internal sealed record GitLabIssue(long Id, long Iid, long ProjectId, string? State, string? Description, IReadOnlyList<string>? Labels, GitLabUser? Author, string? WebUrl);
