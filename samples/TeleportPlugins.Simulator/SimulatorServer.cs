using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Simulator.Control;
using TeleportPlugins.Simulator.Grpc;
using TeleportPlugins.Simulator.Identity;
using TeleportPlugins.Simulator.State;
using AccessRequestState = TeleportPlugins.Contracts.AccessRequestState;

namespace TeleportPlugins.Simulator;

/// <summary>
/// A local Teleport Auth Service for the demo and end-to-end tests: Teleport's access-request semantics over the real
/// gRPC wire protocol (TLS, HTTP/2, client certificates), plus a JSON control API and methods to drive it in-process.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private const string ControlActor = "simulator";

    private readonly SimulatorOptions _options;
    private readonly AccessRequestStore _store;
    private readonly UserDirectory _users = new();
    private readonly AccessMonitoringRuleStore _rules;
    private readonly AccessListStore _accessLists = new();
    private readonly ResourceInventory _resources = new();
    private readonly ClusterAuthority _authority;
    private readonly IdentityFileWriter _identities;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private WebApplication? _grpcApp;
    private WebApplication? _controlApp;

    private SimulatorServer(SimulatorOptions options, ClusterAuthority authority, ILoggerFactory loggerFactory)
    {
        _loggerFactory = loggerFactory;
        _options = options;
        _authority = authority;
        _identities = new IdentityFileWriter(authority);
        _logger = loggerFactory.CreateLogger<SimulatorServer>();
        _store = new AccessRequestStore(options.TimeProvider, options.DefaultRequestTtl, options.WatchBufferSize, options.ExpirySweepInterval);
        _rules = new AccessMonitoringRuleStore(_store);
    }

    /// <summary>Port of the gRPC endpoint on 127.0.0.1 (TLS, HTTP/2, client certificate required).</summary>
    public int GrpcPort { get; private set; }

    /// <summary>Port of the JSON control API on 127.0.0.1 (plain HTTP/1.1).</summary>
    public int ControlPort { get; private set; }

    /// <summary>Calls received per Auth Service RPC, for the load tool's calls per delivered step.</summary>
    public AuthServiceCallCounter Calls { get; } = new();

    /// <summary>The cluster name (the CA's subject CN).</summary>
    public string ClusterName => _options.ClusterName;

    /// <summary>The plugin identity file written at start-up (tctl auth sign --format=file layout).</summary>
    public string IdentityFilePath { get; private set; } = "";

    /// <summary>The cluster CA certificate in PEM, also the last block of every identity file.</summary>
    public string CaCertificatePem => _authority.Certificate.ExportCertificatePem();

    /// <summary>Creates the CA, writes the plugin identity and starts both listeners.</summary>
    public static async Task<SimulatorServer> StartAsync(SimulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            throw new ArgumentException("SimulatorOptions.StateDirectory is required.", nameof(options));
        }

        if (options.WatchBufferSize < 1)
        {
            throw new ArgumentException("SimulatorOptions.WatchBufferSize must be at least 1.", nameof(options));
        }

        var loggerFactory = LoggerFactory.Create(logging =>
        {
            // ASP.NET Core and gRPC log every request and every failed call at Information, thousands a second under
            // load; the simulator's own log says what matters. ConfigureLogging may lower these again.
            logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning);
            options.ConfigureLogging?.Invoke(logging);
        });
        var server = new SimulatorServer(options, new ClusterAuthority(options.ClusterName, options.TimeProvider), loggerFactory);
        try
        {
            Directory.CreateDirectory(options.StateDirectory);
            await File.WriteAllTextAsync(Path.Combine(options.StateDirectory, "ca.pem"), server.CaCertificatePem, cancellationToken);
            server.IdentityFilePath = await server.IssueIdentityAsync(options.PluginUser, options.PluginRoles, "identity", cancellationToken);
            await server.StartListenersAsync(cancellationToken);
            SimulatorLog.Started(server._logger, options.ClusterName, server.GrpcPort, server.ControlPort);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes another identity file into the state directory, e.g. a reviewer (roles: <see cref="SimulatorRoles"/>).
    /// The simulator keeps no table of identities: user and roles travel in the certificate (CN and O), as in Teleport.
    /// </summary>
    public Task<string> IssueIdentityAsync(string user, IReadOnlyList<string> roles, string fileName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentNullException.ThrowIfNull(roles);
        if (fileName.IndexOfAny(['/', '\\']) >= 0 || fileName is "." or "..")
        {
            throw new ArgumentException("fileName must be a plain file name inside the state directory.", nameof(fileName));
        }

        return _identities.WriteAsync(Path.Combine(_options.StateDirectory, fileName), user, roles, TimeSpan.FromDays(30), cancellationToken);
    }

    /// <summary>Creates a pending request as if the user had asked for it (PUT to watchers).</summary>
    public SimulatedAccessRequest CreateRequest(NewAccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var created = _store.Create(RequestMapper.ToProto(request, _options.TimeProvider.GetUtcNow()), request.User);
        return RequestMapper.ToSimulated(created);
    }

    /// <summary>
    /// Creates or replaces a Teleport user with roles and traits, as <c>tctl create -f user.yaml</c> does: the users
    /// approve-from-tool binds tool users to (by a trait such as <c>slack_uid</c>) and submits reviews for.
    /// </summary>
    public void AddUser(SimulatedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _users.Upsert(user with
        {
            Roles = [.. user.Roles],
            Traits = user.Traits.ToDictionary(t => t.Key, t => (IReadOnlyList<string>)[.. t.Value ?? []], StringComparer.Ordinal),
        });
    }

    /// <summary>Every user, in name order.</summary>
    public IReadOnlyList<SimulatedUser> GetUsers() => _users.All();

    /// <summary>
    /// Creates or replaces a node or Kubernetes cluster with labels, as its agent's heartbeat does: the resources a
    /// request names, whose labels ListResources serves for routing by resource labels.
    /// </summary>
    public void AddResource(SimulatedResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        _resources.Upsert(resource with { Labels = new Dictionary<string, string>(resource.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal) });
    }

    /// <summary>Every resource, by kind then name.</summary>
    public IReadOnlyList<SimulatedResource> GetResources() => _resources.All();

    /// <summary>Submits a review as <paramref name="author"/> (no RBAC: the control surface acts as an administrator).</summary>
    public SimulatedAccessRequest SubmitReview(string requestId, string author, AccessRequestState proposedState, string reason = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(author);
        var review = new AccessReview { Author = author, ProposedState = (RequestState)proposedState, Reason = reason ?? "" };
        return RequestMapper.ToSimulated(_store.SubmitReview(requestId, review, author));
    }

    /// <summary>Approves directly, like SetAccessRequestState; the delegator is recorded in the audit list.</summary>
    public SimulatedAccessRequest Approve(string requestId, string reason = "", string delegator = "") =>
        SetState(requestId, AccessRequestState.Approved, reason, delegator);

    /// <summary>Denies directly, like SetAccessRequestState; the delegator is recorded in the audit list.</summary>
    public SimulatedAccessRequest Deny(string requestId, string reason = "", string delegator = "") =>
        SetState(requestId, AccessRequestState.Denied, reason, delegator);

    /// <summary>Sets the state directly, like SetAccessRequestState.</summary>
    public SimulatedAccessRequest SetState(string requestId, AccessRequestState state, string reason = "", string delegator = "")
    {
        var setter = new RequestStateSetter { ID = requestId, State = (RequestState)state, Reason = reason ?? "", Delegator = delegator ?? "" };
        return RequestMapper.ToSimulated(_store.SetState(setter, ControlActor));
    }

    /// <summary>Expires a request now, as if its TTL had passed (DELETE to watchers).</summary>
    public void Expire(string requestId) => _store.Expire(requestId);

    /// <summary>Deletes a request, like tctl request rm (DELETE to watchers).</summary>
    public void Delete(string requestId) => _store.Delete(requestId, ControlActor);

    /// <summary>Creates or replaces an Access Monitoring Rule (PUT to the watchers of access_monitoring_rule).</summary>
    public void UpsertAccessMonitoringRule(SimulatedAccessMonitoringRule rule) => _rules.Upsert(rule);

    /// <summary>Deletes an Access Monitoring Rule (DELETE to the watchers of access_monitoring_rule).</summary>
    public void DeleteAccessMonitoringRule(string name) => _rules.Delete(name);

    /// <summary>Creates or replaces an access list (with its members), for access list review reminders.</summary>
    public void UpsertAccessList(SimulatedAccessList list) => _accessLists.Upsert(list);

    /// <summary>Every plugin's data on an access list, by plugin.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> GetAccessListPluginData(string name) =>
        _accessLists.GetPluginData(new PluginDataFilter { Kind = AccessListStore.Kind, Resource = name }).PluginData
            .SelectMany(d => d.Spec.Entries)
            .ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(e.Value.Data), StringComparer.Ordinal);

    /// <summary>The Access Monitoring Rules.</summary>
    public IReadOnlyList<SimulatedAccessMonitoringRule> GetAccessMonitoringRules() => _rules.All();

    /// <summary>Ends every open WatchEvents stream with Unavailable; returns how many there were.</summary>
    public int DropWatchStreams()
    {
        var count = _store.DropWatchers();
        SimulatorLog.WatchesDropped(_logger, count);
        return count;
    }

    /// <summary>All requests, in ID (creation) order.</summary>
    public IReadOnlyList<SimulatedAccessRequest> GetRequests() => [.. _store.Get(null).Select(RequestMapper.ToSimulated)];

    /// <summary>One request, or null when it does not exist (any more).</summary>
    public SimulatedAccessRequest? GetRequest(string requestId) =>
        _store.Get(new AccessRequestFilter { ID = requestId }).Select(RequestMapper.ToSimulated).FirstOrDefault();

    /// <summary>Plugin data of a request: plugin name → key → value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> GetPluginData(string requestId)
    {
        var seq = _store.GetPluginData(new PluginDataFilter { Kind = AccessRequestStore.AccessRequestKind, Resource = requestId });
        return seq.PluginData
            .SelectMany(data => data.Spec.Entries)
            .ToDictionary(
                entry => entry.Key,
                entry => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(entry.Value.Data, StringComparer.Ordinal),
                StringComparer.Ordinal);
    }

    /// <summary>Audit events in commit order (creations, reviews, state changes with delegator, deletions, expiries).</summary>
    public IReadOnlyList<AuditEntry> GetAuditEntries() => _store.Audit();

    /// <summary>Stops both listeners and ends open watch streams.</summary>
    public async ValueTask DisposeAsync()
    {
        _store.Dispose();
        foreach (var app in new[] { _grpcApp, _controlApp })
        {
            if (app is not null)
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
        }

        _authority.Dispose();
        SimulatorLog.Stopped(_logger, _options.ClusterName);
        _loggerFactory.Dispose();
    }

    private async Task StartListenersAsync(CancellationToken cancellationToken)
    {
        var serverCertificate = _authority.IssueServerCertificate();

        var grpc = CreateBuilder(_loggerFactory, kestrel =>
        {
            // Lets requests with :scheme http arrive over TLS: the TLS-routing client path speaks h2 prior knowledge
            // inside its own SslStream, as Teleport's proxy forwards it to Auth.
            kestrel.AllowAlternateSchemes = true;
            kestrel.Listen(IPAddress.Loopback, _options.GrpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    ClientCertificateValidation = (certificate, _, _) =>
                    {
                        var trusted = _authority.Verify(certificate);
                        if (!trusted)
                        {
                            SimulatorLog.ClientCertificateRejected(_logger, certificate.Subject);
                        }

                        return trusted;
                    },
                });
            });
        });
        // grpc-go's defaults, which the Auth Service keeps: 4 MiB per received message. Unknown methods and services
        // answer Unimplemented.
        grpc.Services.AddGrpc(options => options.MaxReceiveMessageSize = 4 * 1024 * 1024);
        var callers = new CallerAuthenticator();
        grpc.Services.AddSingleton(new SimulatedAuthService(_store, _users, callers, _options, Calls, _loggerFactory.CreateLogger<SimulatedAuthService>(), _accessLists, _resources));
        grpc.Services.AddSingleton(new SimulatedUsersService(_users, callers, Calls));
        grpc.Services.AddSingleton(new SimulatedAccessMonitoringRulesService(_rules, callers));
        grpc.Services.AddSingleton(new SimulatedAccessListService(_accessLists, callers));
        _grpcApp = grpc.Build();
        _grpcApp.MapGrpcService<SimulatedAuthService>();
        _grpcApp.MapGrpcService<SimulatedUsersService>();
        _grpcApp.MapGrpcService<SimulatedAccessMonitoringRulesService>();
        _grpcApp.MapGrpcService<SimulatedAccessListService>();

        var control = CreateBuilder(_loggerFactory, kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = ControlApi.MaxBodySize;
            kestrel.Listen(IPAddress.Loopback, _options.ControlPort, listen => listen.Protocols = HttpProtocols.Http1);
        });
        _controlApp = control.Build();
        ControlApi.Map(_controlApp, this);

        await _grpcApp.StartAsync(cancellationToken);
        GrpcPort = BoundPort(_grpcApp);
        await _controlApp.StartAsync(cancellationToken);
        ControlPort = BoundPort(_controlApp);
    }

    private static WebApplicationBuilder CreateBuilder(ILoggerFactory loggerFactory, Action<KestrelServerOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(SimulatorServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(configure);
        return builder;
    }

    private static int BoundPort(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address).Port;
    }
}
