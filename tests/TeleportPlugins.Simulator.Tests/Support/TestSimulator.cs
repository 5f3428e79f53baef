namespace TeleportPlugins.Simulator.Tests.Support;

/// <summary>A simulator in a temporary state directory with a client for its plugin identity; more clients on demand.</summary>
internal sealed class TestSimulator : IAsyncDisposable
{
    private readonly string _directory;
    private readonly List<SimulatorClient> _clients = [];

    private TestSimulator(SimulatorServer server, string directory)
    {
        Server = server;
        _directory = directory;
        Plugin = Track(SimulatorClient.Connect(server.GrpcPort, server.IdentityFilePath));
    }

    public SimulatorServer Server { get; }

    /// <summary>The plugin identity the simulator wrote at start-up (access-plugin, resolver and reviewer roles).</summary>
    public SimulatorClient Plugin { get; }

    public static async Task<TestSimulator> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("teleport-sim-").FullName;
        var options = new SimulatorOptions { StateDirectory = directory };
        configure?.Invoke(options);
        return new TestSimulator(await SimulatorServer.StartAsync(options, CancellationToken.None), directory);
    }

    /// <summary>Issues an identity for <paramref name="user"/> with <paramref name="roles"/> and connects with it.</summary>
    public async Task<SimulatorClient> ConnectAsAsync(string user, params string[] roles)
    {
        var path = await Server.IssueIdentityAsync(user, roles, user + ".identity", CancellationToken.None);
        return Track(SimulatorClient.Connect(Server.GrpcPort, path));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private SimulatorClient Track(SimulatorClient client)
    {
        _clients.Add(client);
        return client;
    }
}
