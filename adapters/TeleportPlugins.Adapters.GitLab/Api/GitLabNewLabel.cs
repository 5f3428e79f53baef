namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>The body of POST labels.</summary>
internal sealed record GitLabNewLabel(string Name, string Color, string Description);
