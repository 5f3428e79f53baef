using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport.Credentials;

namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>Builds the <see cref="TeleportChannel"/> the <c>[teleport]</c> options describe.</summary>
internal static class TeleportChannelFactory
{
    /// <summary>Ports on which <c>addr</c> is taken for the Proxy's web listener when <c>tls_routing</c> is not set.</summary>
    public static readonly IReadOnlySet<int> ProxyWebPorts = new HashSet<int> { 443, 3080 };

    /// <summary>Creates the channel; no connection is opened until the first request.</summary>
    public static TeleportChannel Create(TeleportOptions options, IdentityProvider identities, TimeProvider timeProvider, ILogger<TeleportDialer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = DialAddress.Parse(options.EffectiveAddress);
        var mode = SelectMode(options.TlsRouting, address.Port);
        var dialer = new TeleportDialer(address, mode, identities, timeProvider, logger);
        // Only what dialing needs; HTTP/2 keep-alive pings and connection limits are the transport's
        // (GrpcTransportOptions.ApplyTo on SocketsHandler), which should carry dial_timeout as its ConnectTimeout.
        var sockets = new SocketsHttpHandler
        {
            ConnectCallback = dialer.ConnectAsync,
            PlaintextStreamFilter = dialer.WatchForRejectionAsync,
            ConnectTimeout = options.DialTimeout,
            // The connect callback dials the configured address itself; an HTTP proxy from the environment would be
            // asked for teleport.cluster.local instead.
            UseProxy = false,
        };
        if (mode == TeleportConnectionMode.Direct)
        {
            sockets.SslOptions = dialer.CreateDirectTlsOptions();
        }

        var scheme = mode == TeleportConnectionMode.Direct ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
        var baseAddress = new UriBuilder(scheme, TeleportDialer.ServerName, address.Port).Uri;
        return new TeleportChannel(new DialErrorHandler(dialer, sockets), baseAddress, sockets, mode);
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
}
