using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using TeleportPlugins.Simulator.Identity;
using TeleportPlugins.Simulator.State;

namespace TeleportPlugins.Simulator.Grpc;

/// <summary>Who is calling, from the client certificate Kestrel verified: shared by every gRPC service of the simulator.</summary>
internal sealed class CallerAuthenticator
{
    // A connection keeps its certificate object, so its caller is read once, not on every call.
    private readonly ConditionalWeakTable<X509Certificate2, CallerIdentity> _callers = new();

    public CallerIdentity Authenticate(ServerCallContext context)
    {
        // Kestrel already required the certificate and verified it against the cluster CA during the handshake.
        var certificate = context.GetHttpContext().Connection.ClientCertificate
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "client certificate required"));
        var caller = _callers.GetValue(certificate, Identify);
        if (caller.User.Length == 0)
        {
            throw TeleportErrors.AccessDenied("client certificate names no user");
        }

        return caller;
    }

    private static CallerIdentity Identify(X509Certificate2 certificate)
    {
        var (user, roles) = ClusterAuthority.ReadIdentity(certificate);
        return new CallerIdentity(user, roles);
    }
}
