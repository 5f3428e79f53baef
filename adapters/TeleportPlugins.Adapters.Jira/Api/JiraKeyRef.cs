namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>A reference by key, e.g. <c>{"key":"PROJ"}</c>.</summary>
internal sealed record JiraKeyRef(string Key);
