using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.AccessLists;
using TeleportPlugins.Host.Teleport.Credentials;
using TeleportPlugins.Host.Teleport.Dialing;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Users;
using TeleportPlugins.Host.Teleport.Protos.AccessLists;
using TeleportPlugins.Host.Teleport.Protos.AccessMonitoringRules;

namespace TeleportPlugins.Host.Teleport;

/// <summary>
/// The whole path to the Auth Service from the <c>[teleport]</c> options: identity (with refresh), dialing (direct or
/// through the Proxy's TLS routing), the Grpc.Net.Client channel, and the client on top.
/// </summary>
internal sealed class TeleportConnection : IDisposable
{
    private readonly IdentityProvider _identities;
    private readonly TeleportChannel _channel;

    private TeleportConnection(IdentityProvider identities, TeleportChannel channel, TeleportClient client, TeleportConnectionMode mode, IAccessListSource accessLists)
    {
        AccessLists = accessLists;
        _identities = identities;
        _channel = channel;
        Client = client;
        OnBehalf = client;
        Mode = mode;
    }

    /// <summary>The client.</summary>
    public ITeleportClient Client { get; }

    /// <summary>Users and on-behalf reviews, for approve-from-tool, on the same channel.</summary>
    public ITeleportOnBehalfClient OnBehalf { get; }

    /// <summary>Access lists and their plugin data, for access list review reminders, on the same channel.</summary>
    public IAccessListSource AccessLists { get; }

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
        var client = new TeleportClient(
            new AuthService.AuthServiceClient(channel.Channel),
            channel.Dialer.Target,
            clientOptions ?? new TeleportClientOptions(),
            timeProvider,
            loggers.CreateLogger<TeleportClient>(),
            users: new UsersService.UsersServiceClient(channel.Channel),
            rules: new AccessMonitoringRulesService.AccessMonitoringRulesServiceClient(channel.Channel));
        var accessLists = new TeleportAccessListSource(
            new AccessListService.AccessListServiceClient(channel.Channel),
            new AuthService.AuthServiceClient(channel.Channel),
            clientOptions ?? new TeleportClientOptions(),
            timeProvider);
        return new TeleportConnection(identities, channel, client, channel.Dialer.Mode, accessLists);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _channel.Dispose();
        _identities.Dispose();
    }
}
