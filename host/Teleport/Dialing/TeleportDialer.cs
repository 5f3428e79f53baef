using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport.Credentials;

namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>
/// Opens connections to Teleport for <see cref="SocketsHttpHandler.ConnectCallback"/>: TCP to the configured address
/// whatever host the request URI names, and the mutual TLS session on top, in both modes. Every new connection takes
/// the provider's current identity, so a refreshed certificate is used from the next connection on.
/// </summary>
internal sealed class TeleportDialer
{
    /// <summary>The name every Auth Service certificate carries; used as SNI and for the server certificate check.</summary>
    public const string ServerName = "teleport.cluster.local";

    private const string AuthProtocolPrefix = "teleport-auth@";

    // Mirrors the Go client's one-minute TCP keep-alive, so idle connections through NAT and load balancers stay open.
    private const int TcpKeepAliveSeconds = 60;
    private const int TcpKeepAliveIntervalSeconds = 15;
    private const int TcpKeepAliveProbes = 4;

    private readonly IdentityProvider identities;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private long rejections;
    private TeleportConnectionException? lastRejection;

    public TeleportDialer(DialAddress address, TeleportConnectionMode mode, IdentityProvider identities, TimeProvider timeProvider, ILogger<TeleportDialer> logger)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Address = address;
        Mode = mode;
        this.identities = identities;
        this.timeProvider = timeProvider;
        this.logger = logger;
        Target = mode == TeleportConnectionMode.Direct ? $"Teleport Auth Service at {address}" : $"Teleport Proxy at {address}";
    }

    /// <summary>Where TCP connections go.</summary>
    public DialAddress Address { get; }

    /// <summary>Direct or through TLS routing.</summary>
    public TeleportConnectionMode Mode { get; }

    /// <summary>"Teleport Auth Service at host:port", the start of every error message.</summary>
    public string Target { get; }

    /// <summary>
    /// The ALPN protocol that asks the Proxy to forward the TLS stream to the Auth Service of <paramref name="clusterName"/>:
    /// <c>teleport-auth@</c> + lowercase hex of the UTF-8 cluster name + <c>.teleport.cluster.local</c>.
    /// </summary>
    public static string AuthProtocol(string clusterName) =>
        AuthProtocolPrefix + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(clusterName)) + "." + ServerName;

    /// <summary>
    /// The connect callback: TCP to the configured address, then the TLS handshake with the identity (ALPN <c>h2</c>,
    /// led by the Teleport protocol for TLS routing). The handler speaks HTTP/2 with prior knowledge over the result.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var identity = identities.Current;
        try
        {
            // The server would only reject it, and say less about why.
            identity.EnsureValidAt(timeProvider.GetUtcNow());
        }
        catch (TeleportCredentialsException e)
        {
            throw new TeleportConnectionException(TeleportConnectionFailure.CredentialsInvalid, $"not connecting to {Target}: {e.Message}", e);
        }

        DialerLog.Dialing(logger, Target, identity.Username, identity.NotAfter);
        var stream = new NetworkStream(await ConnectSocketAsync(cancellationToken), ownsSocket: true);
        var tls = await AuthenticateAsync(stream, identity, cancellationToken);
        return new RejectionDetectingStream(tls, inner => ClosedAfterHandshake(identity, inner));
    }

    /// <summary>How many rejected connections were seen so far; a mark for <see cref="RejectionSince"/>.</summary>
    public long RejectionMark => Interlocked.Read(ref rejections);

    /// <summary>
    /// The latest rejected-certificate error if one was seen after <paramref name="mark"/>. The rejection is noticed on
    /// the connection, but which exception reaches the request depends on whether a read, a write or the teardown
    /// notices first; a rejection concerns the identity, not one connection, so any request failing meanwhile may report it.
    /// </summary>
    public TeleportConnectionException? RejectionSince(long mark) => RejectionMark > mark ? Volatile.Read(ref lastRejection) : null;

    /// <summary>The error for a connection attempt that outlived the connect timeout.</summary>
    public TeleportConnectionException TimedOut(TimeSpan timeout, Exception inner) => new(
        TeleportConnectionFailure.TimedOut,
        $"no connection to {Target} within {timeout.TotalSeconds:0.###} s (dial_timeout): TCP connect or TLS handshake did not finish",
        inner);

    private TeleportConnectionException ClosedAfterHandshake(TeleportIdentity identity, Exception? inner)
    {
        var rejection = new TeleportConnectionException(
            TeleportConnectionFailure.ClientCertificateRejected,
            $"{Target} closed the connection right after the TLS handshake; the Auth Service does that when it rejects the client "
            + $"certificate ({identity.Username}, valid until {TeleportIdentity.FormatTime(identity.NotAfter)}) from {identity.CertificateSource}: "
            + "was it issued by this cluster?",
            inner);
        Volatile.Write(ref lastRejection, rejection);
        Interlocked.Increment(ref rejections);
        return rejection;
    }

    private async Task<Socket> ConnectSocketAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, TcpKeepAliveSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, TcpKeepAliveIntervalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, TcpKeepAliveProbes);
            EndPoint endPoint = IPAddress.TryParse(Address.Host, out var ip) ? new IPEndPoint(ip, Address.Port) : new DnsEndPoint(Address.Host, Address.Port);
            await socket.ConnectAsync(endPoint, cancellationToken);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new TeleportConnectionException(TeleportConnectionFailure.Unreachable, $"cannot connect to {Target}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // SocketsHttpHandler would replace our ALPN list with its own (design.md §6), so the handshake happens here, for
    // direct connections too: one code path, and the channel address is http:// in both modes.
    private async Task<Stream> AuthenticateAsync(NetworkStream stream, TeleportIdentity identity, CancellationToken cancellationToken)
    {
        var tlsRouting = Mode == TeleportConnectionMode.TlsRouting;
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = ServerName,
                    // The Proxy routes on the first ALPN entry only, so the Teleport protocol must lead.
                    ApplicationProtocols = tlsRouting
                        ? [new SslApplicationProtocol(AuthProtocol(identity.ClusterName)), SslApplicationProtocol.Http2]
                        : [SslApplicationProtocol.Http2],
                    // Offline and without extra certificates: the Auth Service refuses client chains longer than the leaf.
                    ClientCertificateContext = SslStreamCertificateContext.Create(identity.ClientCertificate, additionalCertificates: null, offline: true),
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = (_, certificate, chain, _) => ServerCertificateValidator.Validate(
                        Target, identity, certificate, chain, timeProvider.GetUtcNow(), tlsRouting),
                },
                cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationException or IOException and not TeleportConnectionException)
        {
            await tls.DisposeAsync();
            throw new TeleportConnectionException(TeleportConnectionFailure.HandshakeFailed, $"TLS handshake with {Target} failed: {e.Message}", e);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }

        var applicationProtocol = tls.NegotiatedApplicationProtocol;
        if (applicationProtocol != SslApplicationProtocol.Http2)
        {
            await tls.DisposeAsync();
            var hint = tlsRouting ? "is it a Teleport Proxy with TLS routing?" : "is it the Teleport Auth Service (port 3025 normally)?";
            throw new TeleportConnectionException(
                TeleportConnectionFailure.HandshakeFailed,
                $"{Target} did not agree to HTTP/2 (ALPN answer \"{applicationProtocol}\"); {hint}");
        }

        DialerLog.TlsEstablished(logger, Target, tls.SslProtocol, applicationProtocol);
        return tls;
    }
}
