using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport.Credentials;
using TeleportPlugins.Host.Teleport.Dialing;
using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Host.Teleport;

/// <summary>
/// The whole path to the Auth Service from the <c>[teleport]</c> options: identity (with refresh), dialing (direct or
/// through the Proxy's TLS routing), the gRPC transport, and the client on top.
/// </summary>
internal sealed class TeleportConnection : IDisposable
{
    private readonly IdentityProvider _identities;
    private readonly HttpMessageInvoker _http;

    private TeleportConnection(IdentityProvider identities, HttpMessageInvoker http, TeleportClient client, TeleportConnectionMode mode)
    {
        _identities = identities;
        _http = http;
        Client = client;
        Mode = mode;
    }

    /// <summary>The client.</summary>
    public ITeleportClient Client { get; }

    /// <summary>How the Auth Service is reached.</summary>
    public TeleportConnectionMode Mode { get; }

    /// <summary>The identity in use now (it may be renewed while the host runs).</summary>
    public TeleportIdentity Identity => _identities.Current;

    /// <summary>Loads the identity and prepares the channel; nothing is dialed until the first call.</summary>
    /// <param name="options">The <c>[teleport]</c> options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggers">Loggers.</param>
    /// <param name="clientOptions">Call deadline, page size, minimum server version; defaults when null.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="TeleportCredentialsException">The identity is missing, unreadable, expired or not yet valid.</exception>
    public static TeleportConnection Open(TeleportOptions options, TimeProvider timeProvider, ILoggerFactory loggers, TeleportClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var identities = IdentityProvider.Create(options, timeProvider, loggers.CreateLogger<IdentityProvider>());
        var channel = TeleportChannelFactory.Create(options, identities, timeProvider, loggers.CreateLogger<TeleportDialer>());
        var transport = new GrpcTransportOptions { ConnectTimeout = options.DialTimeout };
        transport.ApplyTo(channel.SocketsHandler);
        var http = new HttpMessageInvoker(channel.Handler, disposeHandler: true);
        var invoker = new HttpGrpcCallInvoker(http, channel.BaseAddress, transport, timeProvider, loggers.CreateLogger<HttpGrpcCallInvoker>());
        var client = new TeleportClient(invoker, clientOptions ?? new TeleportClientOptions(), timeProvider, loggers.CreateLogger<TeleportClient>());
        return new TeleportConnection(identities, http, client, channel.Mode);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _identities.Dispose();
    }
}
