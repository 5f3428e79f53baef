using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Teleport.Credentials;

/// <summary>Log messages of <see cref="IdentityProvider"/>.</summary>
internal static partial class IdentityProviderLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information,
        Message = "Loaded the Teleport identity of {Username} in cluster {ClusterName} from {Source}, valid until {NotAfter:u}")]
    public static partial void IdentityLoaded(ILogger logger, string username, string clusterName, string source, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Reloaded the Teleport identity of {Username} in cluster {ClusterName} from {Source}, valid until {NotAfter:u}; new connections use it")]
    public static partial void IdentityReloaded(ILogger logger, string username, string clusterName, string source, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "The Teleport identity files changed but cannot be used yet, keeping the identity valid until {NotAfter:u}: {Reason}")]
    public static partial void ReloadRejected(ILogger logger, DateTimeOffset notAfter, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error,
        Message = "The Teleport identity from {Source} expired at {NotAfter:u} and no renewed identity has appeared; is tbot running?")]
    public static partial void IdentityExpired(ILogger logger, string source, DateTimeOffset notAfter);
}
