using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport.Credentials;

namespace TeleportPlugins.Host.Teleport;

/// <summary>
/// Runs first at start-up: loads the identity and pings the Auth Service (cluster name, proxy address for Web UI
/// links, server version against the minimum). Any failure stops the start with one clear message, as Teleport's own
/// plugins do, so a supervisor restarts the process instead of it running half-connected.
/// </summary>
internal sealed partial class TeleportStartupService(
    Func<TeleportConnection> connect,
    TeleportOptions options,
    TeleportClusterState cluster,
    ILogger<TeleportStartupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        TeleportConnection connection;
        try
        {
            connection = connect();
        }
        catch (TeleportCredentialsException e)
        {
            throw new TeleportStartupException(e.Message, e);
        }

        try
        {
            cluster.Info = await connection.Client.PingAsync(cancellationToken);
        }
        catch (RpcException e)
        {
            throw new TeleportStartupException($"Teleport at {options.EffectiveAddress} ({connection.Mode}): {e.StatusCode}: {e.Status.Detail}", e);
        }
        catch (TeleportVersionException e)
        {
            throw new TeleportStartupException($"Teleport at {options.EffectiveAddress}: {e.Message}", e);
        }

        LogIdentity(logger, connection.Identity.Username, cluster.Info.ClusterName, connection.Identity.NotAfter);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3210, Level = LogLevel.Information, Message = "Acting as Teleport user {User} in cluster {Cluster}; identity valid until {NotAfter:O}")]
    private static partial void LogIdentity(ILogger logger, string user, string cluster, DateTimeOffset notAfter);
}
