using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Teleport.Credentials;
using TeleportPlugins.Host.Teleport.Dialing;

namespace TeleportPlugins.Host.Teleport;

/// <summary>
/// Runs before the adapters start: loads the identity and pings the Auth Service (cluster name, proxy address for Web UI
/// links, server version against the minimum). A cluster that cannot be reached yet (it starts after the host, or the
/// network is not up) is retried with backoff, one warning per attempt, unless <c>[teleport] fail_fast</c> asks to exit
/// instead as Teleport's own plugins do with <c>TELEPORT_PLUGIN_FAIL_FAST</c>. An identity the cluster refuses or a
/// cluster too old stops the start with one clear message: waiting would not fix either.
/// </summary>
internal sealed partial class TeleportStartupService(
    Func<TeleportConnection> connect,
    TeleportOptions options,
    TeleportClusterState cluster,
    TimeProvider timeProvider,
    ILogger<TeleportStartupService> logger) : IHostedService
{
    /// <summary>The first pause between attempts to reach the cluster at start.</summary>
    public static readonly TimeSpan RetryMin = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause between attempts to reach the cluster at start.</summary>
    public static readonly TimeSpan RetryMax = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        TeleportConnection connection;
        try
        {
            connection = connect();
        }
        catch (TeleportCredentialsException e)
        {
            throw new TeleportStartupException(e.Message, e) { IsConfigurationProblem = true };
        }

        var backoff = new DecorrelatedBackoff(RetryMin, RetryMax);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                cluster.Info = await connection.Client.PingAsync(cancellationToken);
                break;
            }
            catch (RpcException e) when (!options.RefreshIdentity && TeleportFailures.IsIdentityRefused(e))
            {
                // An identity of another cluster (or one the cluster no longer accepts) is a configuration problem;
                // with refresh_identity, a renewed one (tbot, a rotated CA) may still arrive, so it is retried below.
                throw new TeleportStartupException($"teleport.identity: {e.Status.Detail}", e) { IsConfigurationProblem = true };
            }
            catch (RpcException e) when ((TeleportFailures.IsTransient(e) || TeleportFailures.IsIdentityRefused(e)) && !options.FailFast)
            {
                var delay = backoff.Next();
                LogUnreachable(logger, options.EffectiveAddress, connection.Mode, attempt, e.Status.Detail, delay);
                LogUnreachableDetail(logger, attempt, e);
                await Task.Delay(delay, timeProvider, cancellationToken);
            }
            catch (RpcException e)
            {
                throw new TeleportStartupException($"Teleport at {options.EffectiveAddress} ({connection.Mode}): {e.StatusCode}: {e.Status.Detail}", e);
            }
            catch (TeleportVersionException e)
            {
                throw new TeleportStartupException($"Teleport at {options.EffectiveAddress}: {e.Message}", e);
            }
        }

        LogIdentity(logger, connection.Identity.Username, cluster.Info.ClusterName, connection.Identity.NotAfter);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3210, Level = LogLevel.Information, Message = "Acting as Teleport user {User} in cluster {Cluster}; identity valid until {NotAfter:O}")]
    private static partial void LogIdentity(ILogger logger, string user, string cluster, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Warning, Message = "Teleport at {Address} ({Mode}) is not reachable yet (attempt {Attempt}): {Reason}; retrying in {Delay}")]
    private static partial void LogUnreachable(ILogger logger, string address, TeleportConnectionMode mode, int attempt, string reason, TimeSpan delay);

    // The stack trace only at debug: at warn it would bury the one line that says what to fix.
    [LoggerMessage(EventId = 3212, Level = LogLevel.Debug, Message = "Attempt {Attempt} to reach Teleport failed")]
    private static partial void LogUnreachableDetail(ILogger logger, int attempt, Exception exception);
}
