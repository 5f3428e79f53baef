namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>A reference by name, e.g. <c>{"name":"Task"}</c>.</summary>
internal sealed record JiraNameRef(string Name);
