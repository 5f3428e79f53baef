namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>The body of POST comment (REST v2: wiki markup).</summary>
internal sealed record JiraCommentRequest(string Body);
