namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>The <c>changes.labels</c> of an Issue Hook.</summary>
internal sealed record GitLabLabelChange(IReadOnlyList<GitLabLabel>? Previous, IReadOnlyList<GitLabLabel>? Current);
