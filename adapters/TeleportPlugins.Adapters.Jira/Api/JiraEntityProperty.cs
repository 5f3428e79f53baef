namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>An issue entity property set when the issue is created.</summary>
internal sealed record JiraEntityProperty(string Key, string Value);
