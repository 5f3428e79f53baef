using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Adapters.Jira;

/// <summary>The Jira adapter's log events.</summary>
internal static partial class JiraLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Created Jira issue {IssueKey} ({IssueId}) for access request {RequestId}")]
    public static partial void IssueCreated(ILogger logger, string issueKey, string issueId, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The Jira workflow has no transition to status '{Status}' (issue {IssueId}, request {RequestId}); the issue keeps its status. Logged once per status.")]
    public static partial void TransitionMissing(ILogger logger, string status, string issueId, string requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Moved Jira issue {IssueId} to status '{Status}' for access request {RequestId}")]
    public static partial void Transitioned(ILogger logger, string issueId, string status, string requestId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Access request {RequestId} has no Jira issue recorded; nothing to update")]
    public static partial void NoIssue(ILogger logger, string requestId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Found Jira issue {IssueKey} ({IssueId}) of access request {RequestId}, created by an earlier attempt that was not recorded; not creating another")]
    public static partial void IssueFound(ILogger logger, string issueKey, string issueId, string requestId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Found the {Item} comment {CommentId} on Jira issue {IssueId} of access request {RequestId}, posted by an earlier attempt that was not recorded; not posting another")]
    public static partial void CommentFound(ILogger logger, string item, string commentId, string issueId, string requestId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Access Monitoring Rules route access request {RequestId} to Jira project '{Recipient}', which is not in allowed_projects; its issue opens in the configured project {Project}")]
    public static partial void RouteRefused(ILogger logger, string requestId, string recipient, string project);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Access Monitoring Rules route access request {RequestId} to '{Recipient}', which is not a Jira project key; its issue opens in the configured project {Project}")]
    public static partial void RouteNotAProject(ILogger logger, string requestId, string recipient, string project);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Rejected a Jira webhook: {Reason}")]
    public static partial void WebhookRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Ignored a Jira webhook for event '{Event}': only jira:issue_updated decides")]
    public static partial void WebhookIgnoredEvent(ILogger logger, string? @event);

    [LoggerMessage(EventId = 15, Level = LogLevel.Debug, Message = "Ignored a Jira webhook: issue {IssueId} moved to '{Status}', which decides nothing")]
    public static partial void WebhookIgnoredStatus(ILogger logger, string issueId, string status);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Ignored a Jira webhook: issue {IssueId} is in project {Project}, which is neither the configured project nor in allowed_projects")]
    public static partial void WebhookIgnoredProject(ILogger logger, string issueId, string project);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "Ignored a Jira webhook: issue {IssueId} has no teleportAccessRequestId property, so it is no access request of ours")]
    public static partial void WebhookIgnoredNoRequest(ILogger logger, string issueId);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Ignored a Jira webhook: issue {IssueId} names access request {RequestId}, but the host has not recorded it as that request's issue")]
    public static partial void WebhookIgnoredUnrecorded(ILogger logger, string issueId, string requestId);

    [LoggerMessage(EventId = 18, Level = LogLevel.Warning, Message = "Ignored a Jira webhook: the changelog of issue {IssueId} does not say who moved it to '{Status}'")]
    public static partial void WebhookIgnoredNoApprover(ILogger logger, string issueId, string status);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Jira's API did not confirm issue {IssueId} in status '{Status}' after {Attempts} reads; the webhook changes nothing")]
    public static partial void WebhookNotConfirmed(ILogger logger, string issueId, string status, int attempts);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Jira user {User} set access request {RequestId} to {State} from issue {IssueId}: {Outcome}")]
    public static partial void WebhookApplied(ILogger logger, string user, string requestId, TeleportPlugins.Contracts.AccessRequestState state, string issueId, TeleportPlugins.Contracts.ReviewOutcome outcome);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Could not process a Jira webhook for issue {IssueId}: {Error}")]
    public static partial void WebhookFailed(ILogger logger, string issueId, string error);
}
