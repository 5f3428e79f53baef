namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>A project.</summary>
internal sealed record GitLabProject(long Id, string? PathWithNamespace);
