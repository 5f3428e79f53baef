namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>The <c>changes</c> of an Issue Hook.</summary>
internal sealed record GitLabHookChanges(GitLabLabelChange? Labels);
