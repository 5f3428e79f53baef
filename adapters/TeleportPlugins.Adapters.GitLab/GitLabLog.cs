using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.GitLab;

/// <summary>The GitLab adapter's log events.</summary>
internal static partial class GitLabLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Created GitLab issue #{Iid} ({IssueId}) for access request {RequestId}")]
    public static partial void IssueCreated(ILogger logger, long iid, long issueId, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Created GitLab label '{Label}' in project {Project}")]
    public static partial void LabelCreated(ILogger logger, string label, string project);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Access request {RequestId} has no GitLab issue recorded; nothing to update")]
    public static partial void NoIssue(ILogger logger, string requestId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Found GitLab issue #{Iid} ({IssueId}) of access request {RequestId}, created by an earlier attempt that was not recorded; not creating another")]
    public static partial void IssueFound(ILogger logger, long iid, long issueId, string requestId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Found the {Item} note {NoteId} on GitLab issue #{Iid} of access request {RequestId}, posted by an earlier attempt that was not recorded; not posting another")]
    public static partial void NoteFound(ILogger logger, string item, long noteId, long iid, string requestId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Access Monitoring Rules route access request {RequestId} to GitLab project '{Recipient}', which is not in allowed_projects; its issue opens in the configured project {Project}")]
    public static partial void RouteRefused(ILogger logger, string requestId, string recipient, string project);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Access Monitoring Rules route access request {RequestId} to '{Recipient}', which is neither a GitLab project ID nor a namespace/project path; its issue opens in the configured project {Project}")]
    public static partial void RouteNotAProject(ILogger logger, string requestId, string recipient, string project);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Rejected a GitLab webhook: missing or wrong X-Gitlab-Token")]
    public static partial void WebhookRejected(ILogger logger);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Ignored a GitLab webhook for event '{Event}': only label changes in an Issue Hook decide")]
    public static partial void WebhookIgnored(ILogger logger, string? @event);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "GitLab's API did not confirm that {User} added '{Label}' to issue #{Iid}; the webhook changes nothing")]
    public static partial void WebhookNotConfirmed(ILogger logger, string user, string label, long iid);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "GitLab user {User} set access request {RequestId} to {State} from issue #{Iid}: {Outcome}")]
    public static partial void WebhookApplied(ILogger logger, string user, string requestId, AccessRequestState state, long iid, ReviewOutcome outcome);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Could not process a GitLab webhook for issue #{Iid}: {Error}")]
    public static partial void WebhookFailed(ILogger logger, long iid, string error);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Ignored a GitLab webhook: issue #{Iid} is not an access request issue of this adapter")]
    public static partial void WebhookNotOurs(ILogger logger, long iid);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Ignored a GitLab webhook: issue #{Iid} names access request {RequestId}, but the host has not recorded it as that request's issue")]
    public static partial void WebhookUnrecorded(ILogger logger, long iid, string requestId);
}
