using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>The e-mail adapter's log events (addresses and ids only, never credentials).</summary>
internal static partial class EmailLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "E-mail transport: {Transport}")]
    public static partial void UsingTransport(ILogger logger, string transport);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Sent request {RequestId} to {Recipient} as {MessageId}")]
    public static partial void Announced(ILogger logger, string requestId, string recipient, string messageId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Replied ({Step}) to {Recipient} in the thread of request {RequestId}")]
    public static partial void Replied(ILogger logger, string step, string recipient, string requestId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Could not e-mail {Recipient} about request {RequestId}: {Reason}")]
    public static partial void DeliveryFailed(ILogger logger, string recipient, string requestId, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "No e-mail recipients for request {RequestId} (roles {Roles}); configure [role_to_recipients] with a \"*\" entry")]
    public static partial void NoRecipients(ILogger logger, string requestId, string roles);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Request {RequestId} has no e-mail threads; nothing to reply to ({Step})")]
    public static partial void NoThreads(ILogger logger, string requestId, string step);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Skipping recipient '{Recipient}' of request {RequestId}: not an e-mail address that can be stored")]
    public static partial void InvalidRecipient(ILogger logger, string recipient, string requestId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Requester {User} of request {RequestId} is not notified: the user name is not an e-mail address")]
    public static partial void RequesterWithoutAddress(ILogger logger, string user, string requestId);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Notified requester {Recipient} that request {RequestId} was {Resolution}")]
    public static partial void RequesterNotified(ILogger logger, string recipient, string requestId, AccessRequestState resolution);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Request {RequestId} resumes an unconfirmed attempt: {Recipient} already has {MessageId} (accepted by the transport), not sent again")]
    public static partial void FoundAccepted(ILogger logger, string requestId, string recipient, string messageId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Request {RequestId} resumes an unconfirmed attempt: SMTP cannot tell whether {Recipient} got {MessageId}, so it is sent again with the same Message-ID")]
    public static partial void ResentWithoutLookup(ILogger logger, string requestId, string recipient, string messageId);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Escalated request {RequestId} (reminder {Number}) to {Recipient} as {MessageId}")]
    public static partial void Escalated(ILogger logger, string requestId, int number, string recipient, string messageId);
}
