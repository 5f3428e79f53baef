namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>A reference by ID, e.g. <c>{"id":"31"}</c>.</summary>
internal sealed record JiraIdRef(string Id);
