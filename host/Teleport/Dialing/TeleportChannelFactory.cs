using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport.Credentials;

namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>Builds the <see cref="TeleportChannel"/> the <c>[teleport]</c> options describe.</summary>
internal static class TeleportChannelFactory
{
    /// <summary>Ports on which <c>addr</c> is taken for the Proxy's web listener when <c>tls_routing</c> is not set.</summary>
    public static readonly IReadOnlySet<int> ProxyWebPorts = new HashSet<int> { 443, 3080 };

    /// <summary>
    /// Idle time after which an HTTP/2 PING checks the connection, with a margin above the one-minute minimum Teleport's
    /// Auth Service enforces: it answers faster pings with GOAWAY ENHANCE_YOUR_CALM "too_many_pings", dropping every call
    /// on the connection.
    /// </summary>
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(90);

    /// <summary>How long a PING may stay unanswered before the connection counts as dead.</summary>
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Creates the channel; no connection is opened until the first call.</summary>
    public static TeleportChannel Create(TeleportOptions options, IdentityProvider identities, TimeProvider timeProvider, ILogger<TeleportDialer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = DialAddress.Parse(options.EffectiveAddress);
        var mode = SelectMode(options.TlsRouting, address.Port);
        var dialer = new TeleportDialer(address, mode, identities, timeProvider, logger);
        var sockets = CreateHandler(dialer, options.DialTimeout);
        var channel = GrpcChannel.ForAddress(
            new UriBuilder(Uri.UriSchemeHttp, TeleportDialer.ServerName, address.Port).Uri,
            new GrpcChannelOptions
            {
                HttpHandler = new DialErrorHandler(dialer, sockets),
                DisposeHttpClient = true,
            });
        return new TeleportChannel(channel, dialer, sockets);
    }

    /// <summary>
    /// <c>tls_routing = true/false</c> decides; unset, the port does: 443 and 3080 are the Proxy's web ports, anything
    /// else (3025 normally) is the Auth Service.
    /// </summary>
    public static TeleportConnectionMode SelectMode(bool? tlsRouting, int port) => tlsRouting switch
    {
        true => TeleportConnectionMode.TlsRouting,
        false => TeleportConnectionMode.Direct,
        null => ProxyWebPorts.Contains(port) ? TeleportConnectionMode.TlsRouting : TeleportConnectionMode.Direct,
    };

    private static SocketsHttpHandler CreateHandler(TeleportDialer dialer, TimeSpan dialTimeout) => new()
    {
        ConnectCallback = dialer.ConnectAsync,
        // Covers TCP and the TLS handshake, both done in the callback.
        ConnectTimeout = dialTimeout,
        KeepAlivePingDelay = KeepAlivePingDelay,
        KeepAlivePingTimeout = KeepAlivePingTimeout,
        // Ping only while calls are open (the watch stream keeps one open); nothing needs an idle connection kept.
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        // A watch stream plus concurrent unary calls can reach the server's stream limit; queueing behind it would stall.
        EnableMultipleHttp2Connections = true,
        // The callback dials the configured address itself; an HTTP proxy from the environment would be asked for
        // teleport.cluster.local instead.
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
    };
}
