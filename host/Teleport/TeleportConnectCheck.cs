using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Teleport.Credentials;

namespace TeleportPlugins.Host.Teleport;

/// <summary>
/// <c>check --connect</c>: dials <c>[teleport] addr</c> with the identity once and pings the Auth Service, so that what
/// only the cluster can tell (an identity of another cluster, one it refuses, nothing listening, a version too old)
/// is reported by <c>check</c> as a problem on the key to fix, not first by <c>start</c> in production.
/// </summary>
internal static class TeleportConnectCheck
{
    /// <summary>How long the one attempt may take (dial, handshakes and the ping).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Pings the cluster; adds a problem when it cannot be used.</summary>
    /// <param name="options">The bound <c>[teleport]</c> options, already checked offline.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="problems">Receives the problem.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>What the cluster answered, or null when a problem was added.</returns>
    public static async Task<TeleportClusterInfo?> CheckAsync(TeleportOptions options, TimeProvider timeProvider, ConfigurationProblems problems, CancellationToken cancellationToken)
    {
        var identityKey = string.IsNullOrWhiteSpace(options.Identity) ? "teleport:client_crt" : "teleport:identity";
        using var connection = TeleportConnection.Open(options, timeProvider, NullLoggerFactory.Instance, new TeleportClientOptions { CallTimeout = Timeout });
        try
        {
            return await connection.Client.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TeleportCredentialsException e)
        {
            problems.Add(identityKey, e.Message);
        }
        catch (RpcException e) when (TeleportFailures.IsIdentityRefused(e))
        {
            problems.Add(identityKey, $"Teleport at {options.EffectiveAddress} refused this identity (is it another cluster's?): {e.Status.Detail}");
        }
        catch (RpcException e) when (TeleportFailures.IsTransient(e))
        {
            problems.Add("teleport:addr", $"Teleport at {options.EffectiveAddress} ({connection.Mode}) is not reachable: {e.Status.Detail}");
        }
        catch (RpcException e)
        {
            problems.Add("teleport:addr", $"Teleport at {options.EffectiveAddress} ({connection.Mode}) answered {e.StatusCode}: {e.Status.Detail}");
        }
        catch (TeleportVersionException e)
        {
            problems.Add("teleport:addr", $"Teleport at {options.EffectiveAddress}: {e.Message}");
        }

        return null;
    }
}
