using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using TeleportPlugins.Host.Teleport.Protos;

namespace TeleportPlugins.Simulator.Tests.Support;

/// <summary>
/// The host's generated AuthService client on a Grpc.Net.Client channel to a simulator: an https URI whose host is
/// teleport.cluster.local, a ConnectCallback that dials 127.0.0.1, the identity's client certificate and the identity's
/// CA as the only trust anchor. The load tool compiles this file too, for its honest ceiling.
/// </summary>
internal sealed class SimulatorClient : IDisposable
{
    private readonly GrpcChannel _channel;

    private SimulatorClient(GrpcChannel channel)
    {
        _channel = channel;
        Auth = new AuthService.AuthServiceClient(channel);
    }

    public AuthService.AuthServiceClient Auth { get; }

    /// <summary>For methods the generated client does not have.</summary>
    public global::Grpc.Core.CallInvoker Invoker => _channel.CreateCallInvoker();

    public static SimulatorClient Connect(int port, string identityPath) =>
        Connect(port, IdentityFile.Read(identityPath).ClientCertificate(), IdentityFile.Read(identityPath).CaCertificate());

    public static SimulatorClient Connect(int port, X509Certificate2 clientCertificate, X509Certificate2 trustedCa)
    {
        var handler = new SocketsHttpHandler
        {
            // As the host's channel: past 100 calls in flight (Kestrel's streams per connection) another connection
            // opens instead of calls queueing, which the load tool's honest ceiling relies on.
            EnableMultipleHttp2Connections = true,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is X509Certificate2 server && Trusted(server, trustedCa, errors),
            },
        };
        var channel = GrpcChannel.ForAddress($"https://teleport.cluster.local:{port}", new GrpcChannelOptions { HttpHandler = handler });
        return new SimulatorClient(channel);
    }

    public void Dispose() => _channel.Dispose();

    private static bool Trusted(X509Certificate2 server, X509Certificate2 ca, SslPolicyErrors errors)
    {
        // The name check stays the platform's; only the trust anchor is replaced by the identity file's CA.
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
