namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>One resource label event: who added or removed which label, when.</summary>
internal sealed record GitLabLabelEvent(long Id, GitLabUser? User, string? CreatedAt, GitLabLabel? Label, string? Action);
