using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.EndToEnd.Tests;

/// <summary>
/// A simulated Teleport cluster and any number of real host replicas, each its own <c>teleport-plugins start</c>
/// process with its own configuration and log file, against adapters installed from their build output. Replicas can
/// be stopped (SIGTERM) and started again.
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
            severity = "info"

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
            try
            {
                await replica.StopAsync();
            }
            finally
            {
                replica.Dispose();
            }
        }

        await Server.DisposeAsync();
        _temp.Dispose();
    }

    /// <summary>One host process: <c>dotnet teleport-plugins.dll start -c ...</c>, stopped with SIGTERM.</summary>
    internal sealed class Replica(string name, string configPath, string logPath) : IDisposable
    {
        private Process? _process;
        private readonly StringBuilder _error = new();

        public string Name => name;

        public string LogPath => logPath;

        public string Log => File.Exists(logPath) ? ReadShared(logPath) : string.Empty;

        public async Task StartAsync()
        {
            var offset = Log.Length;
            var process = new Process
            {
                StartInfo = new ProcessStartInfo("dotnet", [RepositoryPaths.HostAssembly, "start", "-c", configPath])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                },
            };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (_error)
                {
                    _error.AppendLine(e.Data);
                }
            };
            process.OutputDataReceived += (_, _) => { };
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            _process = process;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (Log.Length <= offset || !Log[offset..].Contains("Access request watch initialized", StringComparison.Ordinal))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"replica {name} exited with {process.ExitCode}: {_error}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"replica {name} did not start: {_error}");
                }

                await Task.Delay(50);
            }
        }

        /// <summary>SIGTERM, as Kubernetes sends it; returns the exit code.</summary>
        public async Task<int> StopAsync()
        {
            if (_process is not { } process)
            {
                return 0;
            }

            _process = null;
            if (!process.HasExited)
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await process.WaitForExitAsync(limit.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException($"replica {name} did not stop within 30 s of SIGTERM");
                }
            }

            var code = process.ExitCode;
            process.Dispose();
            return code;
        }

        public void Dispose() => _process?.Kill(entireProcessTree: true);

        private static string ReadShared(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
