namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>An Issue Hook delivery.</summary>
internal sealed record GitLabIssueHook(string? ObjectKind, GitLabUser? User, GitLabProject? Project, GitLabHookAttributes? ObjectAttributes, GitLabHookChanges? Changes);
