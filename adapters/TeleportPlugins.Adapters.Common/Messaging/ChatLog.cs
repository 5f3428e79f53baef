using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>The log events of <see cref="ChatAdapter"/>.</summary>
internal static partial class ChatLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "{Tool} does not know recipient {Recipient} of request {RequestId}; skipped")]
    public static partial void RecipientUnknown(ILogger logger, string tool, string recipient, string requestId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Request {RequestId} has no {Tool} recipients: configure role_to_recipients with a \"*\" entry")]
    public static partial void NoRecipients(ILogger logger, string tool, string requestId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Posted request {RequestId} to {Tool} channel {ChannelId} as message {MessageId}")]
    public static partial void Posted(ILogger logger, string requestId, string tool, string channelId, string messageId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "{Tool} refused an item of request {RequestId} ({Item}); continuing with the others: {Cause}")]
    public static partial void ItemFailed(ILogger logger, string tool, string requestId, string item, string cause);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Request {RequestId} has no {Tool} messages to update")]
    public static partial void NothingPosted(ILogger logger, string requestId, string tool);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Requester {User} of request {RequestId} has no {Tool} account to notify")]
    public static partial void RequesterUnknown(ILogger logger, string user, string requestId, string tool);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "{Tool} asked to come back later for an item of request {RequestId} ({Item}); continuing with the others, the step is retried for it: {Cause}")]
    public static partial void ItemDeferred(ILogger logger, string tool, string requestId, string item, string cause);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Found {Tool} message {MessageId} in channel {ChannelId} that an unconfirmed attempt sent for request {RequestId} ({Item}); recorded instead of sending it again")]
    public static partial void Found(ILogger logger, string tool, string channelId, string messageId, string requestId, string item);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "{Tool} refused to look up what an unconfirmed attempt of request {RequestId} sent ({Cause}); resumed steps send again and may duplicate a message after a crash until the bot has the permissions the adapter's documentation lists (warned once)")]
    public static partial void LookupRefused(ILogger logger, string tool, string requestId, string cause);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Escalated request {RequestId} (reminder {Number}) to {Tool} channel {ChannelId} as message {MessageId}")]
    public static partial void Escalated(ILogger logger, string requestId, int number, string tool, string channelId, string messageId);
}
