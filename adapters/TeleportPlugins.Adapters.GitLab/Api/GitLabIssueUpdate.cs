namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>The body of PUT issue: close and swap labels in one call.</summary>
internal sealed record GitLabIssueUpdate(string StateEvent, string AddLabels, string RemoveLabels);
