using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>The Teams adapter's own log events (the chat lifecycle's are ChatLog's).</summary>
internal static partial class TeamsLog
{
    [LoggerMessage(EventId = 181, Level = LogLevel.Information, Message = "Installed the Teams app for user {UserId} ({Recipient}) to reach them in a 1:1 chat")]
    public static partial void Installed(ILogger logger, string userId, string recipient);

    [LoggerMessage(EventId = 182, Level = LogLevel.Warning, Message = "Teams recipient {Recipient} could not be preloaded: {Cause}")]
    public static partial void PreloadFailed(ILogger logger, string recipient, string cause);

    [LoggerMessage(EventId = 183, Level = LogLevel.Information, Message = "Teams recipient {Recipient} resolved to conversation {ConversationId}: {Detail}")]
    public static partial void Resolved(ILogger logger, string recipient, string conversationId, string detail);
}
