using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Simulator;

/// <summary>The simulator's log messages.</summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Teleport simulator for cluster {ClusterName}: gRPC on 127.0.0.1:{GrpcPort}, control API on 127.0.0.1:{ControlPort}")]
    public static partial void Started(ILogger logger, string clusterName, int grpcPort, int controlPort);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Watch opened by {User}")]
    public static partial void WatchOpened(ILogger logger, string user);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Dropped {Count} watch streams")]
    public static partial void WatchesDropped(ILogger logger, int count);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Rejected a client certificate not issued by the cluster CA: {Subject}")]
    public static partial void ClientCertificateRejected(ILogger logger, string subject);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Teleport simulator for cluster {ClusterName} stopped")]
    public static partial void Stopped(ILogger logger, string clusterName);
}
