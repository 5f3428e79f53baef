using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Simulator.Tests.Support;

/// <summary>
/// The host's gRPC transport pointed at a simulator the way design.md §6 describes the direct Auth path: an https URI
/// whose host is teleport.cluster.local, a ConnectCallback that dials 127.0.0.1, the identity's client certificate and
/// the identity's CA as the only trust anchor.
/// </summary>
internal sealed class SimulatorClient : IDisposable
{
    private readonly HttpMessageInvoker _http;

    private SimulatorClient(HttpMessageInvoker http, HttpGrpcCallInvoker invoker)
    {
        _http = http;
        Invoker = invoker;
    }

    public HttpGrpcCallInvoker Invoker { get; }

    public static SimulatorClient Connect(int port, string identityPath) =>
        Connect(port, IdentityFile.Read(identityPath).ClientCertificate(), IdentityFile.Read(identityPath).CaCertificate());

    public static SimulatorClient Connect(int port, X509Certificate2 clientCertificate, X509Certificate2 trustedCa)
    {
        var options = new GrpcTransportOptions();
        var handler = new SocketsHttpHandler
        {
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
        options.ApplyTo(handler);
        var http = new HttpMessageInvoker(handler);
        var invoker = new HttpGrpcCallInvoker(
            http, new Uri($"https://teleport.cluster.local:{port}"), options, TimeProvider.System, NullLogger.Instance);
        return new SimulatorClient(http, invoker);
    }

    public void Dispose() => _http.Dispose();

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
