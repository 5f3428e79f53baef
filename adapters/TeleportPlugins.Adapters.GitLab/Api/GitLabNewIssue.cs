namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>The body of POST issues; labels are comma-separated.</summary>
internal sealed record GitLabNewIssue(string Title, string Description, string Labels);
