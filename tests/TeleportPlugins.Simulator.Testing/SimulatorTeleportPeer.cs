using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Simulator.Testing;

/// <summary>
/// The simulator in samples/, reached the way the host reaches a real cluster: the identity file it wrote, the
/// credentials loader, the dialer (mutual TLS to teleport.cluster.local) and the gRPC transport.
/// </summary>
internal sealed class SimulatorTeleportPeer : ITeleportPeer
{
    private readonly SimulatorServer _server;
    private readonly TeleportConnection _connection;
    private readonly string _directory;

    private SimulatorTeleportPeer(SimulatorServer server, TeleportConnection connection, string directory)
    {
        _server = server;
        _connection = connection;
        _directory = directory;
    }

    public ITeleportClient Client => _connection.Client;

    public ITeleportOnBehalfClient OnBehalf => _connection.OnBehalf;

    public string PluginUser => _connection.Identity.Username;

    public string ClusterName => _server.ClusterName;

    public SimulatorServer Server => _server;

    /// <summary>The whole connection: identity, on-behalf client.</summary>
    public TeleportConnection Connection => _connection;

    public static async Task<SimulatorTeleportPeer> StartAsync(SimulatorOptions options, TeleportClientOptions? clientOptions = null, TeleportOptions? teleport = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tp-sim", Guid.NewGuid().ToString("N"));
        options.StateDirectory = directory;
        var server = await SimulatorServer.StartAsync(options, CancellationToken.None);
        teleport ??= new TeleportOptions();
        teleport.Addr = $"127.0.0.1:{server.GrpcPort}";
        teleport.Identity = Path.GetFullPath(server.IdentityFilePath);
        var connection = TeleportConnection.Open(teleport, TimeProvider.System, NullLoggerFactory.Instance, clientOptions);
        return new SimulatorTeleportPeer(server, connection, directory);
    }

    public Task<string> CreateRequestAsync(
        string user, IReadOnlyList<string> roles, string reason, IReadOnlyList<string> suggestedReviewers, IReadOnlyDictionary<string, string[]> annotations) =>
        Task.FromResult(_server.CreateRequest(new NewAccessRequest
        {
            User = user,
            Roles = roles,
            Reason = reason,
            SuggestedReviewers = suggestedReviewers,
            Annotations = annotations.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value),
        }).Id);

    public Task ReviewAsync(string requestId, string author, AccessRequestState state, string reason)
    {
        _server.SubmitReview(requestId, author, state, reason);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string requestId)
    {
        _server.Delete(requestId);
        return Task.CompletedTask;
    }

    public Task DropWatchesAsync()
    {
        _server.DropWatchStreams();
        return Task.CompletedTask;
    }

    public Task<string?> DelegatorAsync(string requestId) =>
        Task.FromResult(_server.GetAuditEntries().LastOrDefault(e => e.RequestId == requestId && e.Delegator.Length > 0)?.Delegator);

    public Task AddUserAsync(string name, IReadOnlyDictionary<string, string[]> traits)
    {
        // A reviewer: reviews submitted on the user's behalf are judged on its roles.
        _server.AddUser(new SimulatedUser(name, [SimulatorRoles.Reviewer], traits.ToDictionary(t => t.Key, t => (IReadOnlyList<string>)t.Value)));
        return Task.CompletedTask;
    }

    public Task AddResourceAsync(string kind, string name, IReadOnlyDictionary<string, string> labels)
    {
        _server.AddResource(new SimulatedResource(kind, name, labels));
        return Task.CompletedTask;
    }

    public Task<string?> SubmittedByAsync(string requestId, string author) =>
        Task.FromResult(_server.GetAuditEntries().LastOrDefault(e => e.RequestId == requestId && e.Reviewer == author)?.SubmittedBy);

    public async ValueTask DisposeAsync()
    {
        _connection.Dispose();
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS temp cleaner gets it otherwise.
        }
    }
}
