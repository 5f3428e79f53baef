using System.Text.Json;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.HostRunner;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.EndToEnd.Tests;

/// <summary>
/// A simulated Teleport cluster and any number of real host replicas, each its own <c>teleport-plugins start</c>
/// process with its own configuration and log file, against adapters installed from their build output. Replicas can
/// be stopped (SIGTERM) and started again.
/// </summary>
internal sealed class EndToEndCluster : IAsyncDisposable
{
    private const string ReadyLine = "Access request watch initialized";
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

    /// <summary>Installs a shipped or sample adapter from its build output, artifacts/adapters/&lt;name&gt;/.</summary>
    /// <param name="name">The adapter's name, which is also its folder name.</param>
    public void InstallShippedAdapter(string name) => InstallAdapter(Path.Combine(RepositoryPaths.Artifacts, "adapters", name), name);

    /// <summary>Installs adapter folders (from artifacts/) for the replicas to load.</summary>
    public void InstallAdapter(string sourceFolder, string name) =>
        _temp.CopyFolder(sourceFolder, Path.Combine("adapters", name));

    /// <summary>Starts a replica with the given adapter sections.</summary>
    /// <param name="name">The replica's name (its log file).</param>
    /// <param name="enabled">The adapters to enable.</param>
    /// <param name="sections">TOML for the adapters' sections and any other section.</param>
    public async Task<Replica> StartReplicaAsync(string name, IReadOnlyList<string> enabled, string sections)
    {
        var (config, log) = WriteConfig(name, enabled, sections);
        var replica = new Replica(name, config, log);
        _replicas.Add(replica);
        await replica.StartAsync();
        return replica;
    }

    /// <summary>Writes a host configuration against this cluster, <c>&lt;name&gt;.toml</c>, logging to <c>&lt;name&gt;.log</c>.</summary>
    /// <param name="name">The files' name.</param>
    /// <param name="enabled">The adapters to enable.</param>
    /// <param name="sections">TOML for the adapters' sections and any other section.</param>
    /// <param name="listenAddress">The host's <c>[http] listen_addr</c>.</param>
    /// <param name="logToStdout">Log to stdout instead of the log file.</param>
    /// <returns>The configuration's and the log's paths.</returns>
    public (string Config, string Log) WriteConfig(string name, IReadOnlyList<string> enabled, string sections, string listenAddress = "127.0.0.1:0", bool logToStdout = false)
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
            listen_addr = {JsonSerializer.Serialize(listenAddress)}

            [log]
            output = {JsonSerializer.Serialize(logToStdout ? "stdout" : log)}
            severity = "info"

            {sections}
            """);
        return (config, log);
    }

    /// <summary>A host's log file as written so far (empty before it exists).</summary>
    /// <param name="path">The log file.</param>
    public static string ReadLog(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Whether a host's log reports the first watch initialized after <paramref name="offset"/>.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="offset">Where this start's lines begin (a restarted host appends).</param>
    public static bool LogSaysReady(string path, int offset = 0)
    {
        var log = ReadLog(path);
        return log.Length > offset && log[offset..].Contains(ReadyLine, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            try
            {
                await replica.StopAsync();
            }
            finally
            {
                await replica.DisposeAsync();
            }
        }

        await Server.DisposeAsync();
        _temp.Dispose();
    }

    /// <summary>One host replica with its configuration and log file; started again after a stop, appending to its log.</summary>
    internal sealed class Replica(string name, string configPath, string logPath) : IAsyncDisposable
    {
        private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(90);
        private HostProcess? _process;

        public string Name => name;

        public string LogPath => logPath;

        public string Log => ReadLog(logPath);

        public async Task StartAsync()
        {
            // A restarted replica appends to the same log: only a ready line after this point counts.
            var offset = Log.Length;
            _process = HostProcess.Start(new HostProcessOptions { ConfigPath = configPath, HostAssembly = RepositoryPaths.HostAssembly });
            await _process.WaitForReadyAsync(
                _ => ValueTask.FromResult(LogSaysReady(logPath, offset)),
                ReadyWithin,
                CancellationToken.None);
        }

        /// <summary>SIGTERM, as Kubernetes sends it; returns the exit code (0 when not running).</summary>
        public async Task<int> StopAsync()
        {
            if (_process is not { } process)
            {
                return 0;
            }

            _process = null;
            await using (process)
            {
                return await process.StopAsync(CancellationToken.None);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_process is { } process)
            {
                await process.DisposeAsync();
            }
        }
    }
}
