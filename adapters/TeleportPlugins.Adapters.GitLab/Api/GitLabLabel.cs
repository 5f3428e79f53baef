namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>A label; in hooks the name is called <c>title</c>.</summary>
internal sealed record GitLabLabel(long Id, string? Name, string? Title, string? Color);
