namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>The body of POST transitions.</summary>
internal sealed record JiraTransitionRequest(JiraIdRef Transition);
