using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>Log messages of the gRPC transport. Message contents are never logged, only methods and statuses.</summary>
internal static partial class GrpcTransportLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "gRPC call {Method} starting")]
    public static partial void CallStarting(ILogger logger, string method);

    /// <summary>
    /// A failed call. A compare-and-swap conflict or a missing resource is ordinary protocol flow when replicas race
    /// (the caller retries or moves on), so those are debug lines; everything else is worth an operator's attention.
    /// </summary>
    public static void CallFailed(ILogger logger, string method, GrpcStatusCode statusCode, string detail)
    {
        if (statusCode is GrpcStatusCode.FailedPrecondition or GrpcStatusCode.NotFound or GrpcStatusCode.AlreadyExists)
        {
            CallConflicted(logger, method, statusCode, detail);
        }
        else
        {
            CallFailedWarning(logger, method, statusCode, detail);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "gRPC call {Method} failed with {StatusCode}: {Detail}")]
    private static partial void CallFailedWarning(ILogger logger, string method, GrpcStatusCode statusCode, string detail);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "gRPC call {Method} answered {StatusCode}: {Detail}")]
    private static partial void CallConflicted(ILogger logger, string method, GrpcStatusCode statusCode, string detail);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "gRPC call {Method} cancelled by the caller")]
    public static partial void CallCancelled(ILogger logger, string method);
}
