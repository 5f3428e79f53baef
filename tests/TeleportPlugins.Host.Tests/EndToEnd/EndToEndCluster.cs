using System.Text.Json;
using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.Host.Tests.EndToEnd;

/// <summary>
/// A simulated Teleport cluster and any number of real host replicas running in this process (the same
/// <c>teleport-plugins start</c> a user runs), each with its own configuration and log file, against adapters
/// installed from their build output. Replicas can be stopped and started again.
/// </summary>
internal sealed class EndToEndCluster : IAsyncDisposable
{
    private readonly TempDirectory _temp;
    private readonly List<Replica> _replicas = [];

    private EndToEndCluster(TempDirectory temp, SimulatorServer server)
    {
        _temp = temp;
        Server = server;
    }

    public SimulatorServer Server { get; }

    public string Directory => _temp.Path;

    public static async Task<EndToEndCluster> StartAsync(SimulatorOptions? options = null)
    {
        var temp = new TempDirectory();
        options ??= new SimulatorOptions();
        options.StateDirectory = temp.Combine("simulator");
        options.ExpirySweepInterval = TimeSpan.FromMilliseconds(100);
        var server = await SimulatorServer.StartAsync(options, CancellationToken.None);
        return new EndToEndCluster(temp, server);
    }

    /// <summary>Installs adapter folders (from artifacts/) for the replicas to load.</summary>
    public void InstallAdapter(string sourceFolder, string name) =>
        _temp.CopyFolder(sourceFolder, Path.Combine("adapters", name));

    /// <summary>Starts a replica with the given adapter sections.</summary>
    /// <param name="name">The replica's name (its log file).</param>
    /// <param name="enabled">The adapters to enable.</param>
    /// <param name="sections">TOML for the adapters' sections and any other section.</param>
    public async Task<Replica> StartReplicaAsync(string name, IReadOnlyList<string> enabled, string sections)
    {
        var log = _temp.Combine($"{name}.log");
        var config = _temp.WriteFile($"{name}.toml", $"""
            [teleport]
            addr = "127.0.0.1:{Server.GrpcPort}"
            identity = {JsonSerializer.Serialize(Path.GetFullPath(Server.IdentityFilePath))}

            [adapters]
            directory = {JsonSerializer.Serialize(_temp.Combine("adapters"))}
            enabled = [{string.Join(", ", enabled.Select(e => JsonSerializer.Serialize(e)))}]

            [http]
            listen_addr = "127.0.0.1:0"

            [log]
            output = {JsonSerializer.Serialize(log)}
            severity = "debug"

            {sections}
            """);
        var replica = new Replica(name, config, log);
        _replicas.Add(replica);
        await replica.StartAsync();
        return replica;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.StopAsync();
            replica.Dispose();
        }

        await Server.DisposeAsync();
        _temp.Dispose();
    }

    /// <summary>One in-process host.</summary>
    internal sealed class Replica(string name, string configPath, string logPath) : IDisposable
    {
        private CancellationTokenSource? _stop;
        private Task<int>? _run;
        private readonly StringWriter _output = new();
        private readonly StringWriter _error = new();

        public string Name => name;

        public string LogPath => logPath;

        public string Log => File.Exists(logPath) ? ReadShared(logPath) : string.Empty;

        public async Task StartAsync()
        {
            _stop = new CancellationTokenSource();
            _run = Task.Run(() => CommandLine.RunAsync(["start", "-c", configPath], _output, _error, _stop.Token));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!Log.Contains("teleport-plugins started", StringComparison.Ordinal))
            {
                if (_run.IsCompleted)
                {
                    throw new InvalidOperationException($"replica {name} exited with {await _run}: {_error}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"replica {name} did not start: {_error}");
                }

                await Task.Delay(50);
            }
        }

        public async Task<int> StopAsync()
        {
            if (_stop is null || _run is null)
            {
                return 0;
            }

            await _stop.CancelAsync();
            var code = await _run.WaitAsync(TimeSpan.FromSeconds(30));
            _stop.Dispose();
            _stop = null;
            _run = null;
            return code;
        }

        public void Dispose()
        {
            _stop?.Dispose();
            _output.Dispose();
            _error.Dispose();
        }

        private static string ReadShared(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
