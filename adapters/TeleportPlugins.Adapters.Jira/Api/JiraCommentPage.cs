namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>A page of GET comment.</summary>
internal sealed record JiraCommentPage(int StartAt, int MaxResults, int Total, IReadOnlyList<JiraComment>? Comments);
