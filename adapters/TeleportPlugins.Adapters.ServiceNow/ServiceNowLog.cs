using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Adapters.ServiceNow;

/// <summary>The ServiceNow adapter's log events.</summary>
internal static partial class ServiceNowLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened ServiceNow incident {Number} ({SysId}) for access request {RequestId}")]
    public static partial void IncidentOpened(ILogger logger, string number, string sysId, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Found ServiceNow incident {Number} ({SysId}) already open for access request {RequestId}; using it")]
    public static partial void IncidentAdopted(ILogger logger, string number, string sysId, string requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "ServiceNow incident {Duplicate} for access request {RequestId} duplicates {Winner}, opened at the same time by another replica; cancelling it")]
    public static partial void DuplicateCancelled(ILogger logger, string duplicate, string winner, string requestId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Set ServiceNow incident {SysId} to state {State} ({Tag}) for access request {RequestId}")]
    public static partial void IncidentResolved(ILogger logger, string sysId, string state, string tag, string requestId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Access request {RequestId} has no ServiceNow incident recorded; nothing to update")]
    public static partial void NoIncident(ILogger logger, string requestId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Nobody is on call in ServiceNow rota {RotaId} (request {RequestId}); skipped")]
    public static partial void RotaEmpty(ILogger logger, string rotaId, string requestId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "ServiceNow user {UserId} on call in rota {RotaId} does not exist or has no user_name; skipped")]
    public static partial void OnCallUserMissing(ILogger logger, string userId, string rotaId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Could not read the name of ServiceNow rota {RotaId}: {Error}; naming it by sys_id")]
    public static partial void RotaNameUnavailable(ILogger logger, string rotaId, string error);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Found the work note of review {Index} on ServiceNow incident {SysId} for access request {RequestId}, added by an attempt that was not confirmed; not adding it again")]
    public static partial void WorkNoteFound(ILogger logger, int index, string sysId, string requestId);
}
