using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>Log messages of the gRPC transport. Message contents are never logged, only methods and statuses.</summary>
internal static partial class GrpcTransportLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "gRPC call {Method} starting")]
    public static partial void CallStarting(ILogger logger, string method);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "gRPC call {Method} failed with {StatusCode}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, GrpcStatusCode statusCode, string detail);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "gRPC call {Method} cancelled by the caller")]
    public static partial void CallCancelled(ILogger logger, string method);
}
