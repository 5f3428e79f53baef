using Grpc.Core;
using TeleportPlugins.Host.Teleport.Dialing;

namespace TeleportPlugins.Host.Teleport;

/// <summary>What a failed call to Teleport means for the operator: wait for the cluster, or fix the identity.</summary>
internal static class TeleportFailures
{
    /// <summary>
    /// Whether the cluster refused the identity: its certificate does not chain to the identity's cluster CA (another
    /// cluster's identity), the server closed the handshake on our client certificate, or the identity is not valid now.
    /// </summary>
    /// <param name="e">The failure.</param>
    /// <returns>Whether waiting would not help (unless a renewed identity arrives).</returns>
    public static bool IsIdentityRefused(RpcException e) =>
        FailureOf(e) is TeleportConnectionFailure.UntrustedServer or TeleportConnectionFailure.ClientCertificateRejected or TeleportConnectionFailure.CredentialsInvalid;

    /// <summary>Nothing answering yet, or the connection broke: what a cluster that starts later looks like.</summary>
    /// <param name="e">The failure.</param>
    /// <returns>Whether a later attempt may succeed.</returns>
    public static bool IsTransient(RpcException e) => e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    private static TeleportConnectionFailure? FailureOf(RpcException e)
    {
        for (var inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is TeleportConnectionException connection)
            {
                return connection.Failure;
            }
        }

        return null;
    }
}
