namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>The body of POST notes.</summary>
internal sealed record GitLabNewNote(string Body);
