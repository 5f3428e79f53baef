using TeleportPlugins.Host.Tests.Support;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Load.Fakes;
using TeleportPlugins.Load.Measure;
using TeleportPlugins.Simulator;

using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Run;

/// <summary>
/// Everything a load run needs but the host: the simulated Auth Service, the fakes (tests/TeleportPlugins.Fakes), counted, of the chosen tools counting
/// into one <see cref="ArrivalLog"/>, and a working folder for the host's configuration and log files.
/// </summary>
public sealed class LoadCluster : IAsyncDisposable
{
    private readonly string _directory;
    private int _configs;

    private LoadCluster(string directory, SimulatorServer simulator, ArrivalLog log, IReadOnlyList<ILoadTool> tools, FaultPlan faults)
    {
        _directory = directory;
        Simulator = simulator;
        Log = log;
        Tools = tools;
        Faults = faults;
        Annotations = tools
            .SelectMany(t => t.RequestAnnotations)
            .GroupBy(a => a.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.SelectMany(a => a.Value).Distinct(StringComparer.Ordinal)], StringComparer.Ordinal);
    }

    /// <summary>The simulated Auth Service.</summary>
    public SimulatorServer Simulator { get; }

    /// <summary>What the fakes received.</summary>
    public ArrivalLog Log { get; }

    /// <summary>The tools' fakes, in <see cref="ArrivalLog.Tools"/> order.</summary>
    public IReadOnlyList<ILoadTool> Tools { get; }

    /// <summary>The failures the fakes inject.</summary>
    public FaultPlan Faults { get; }

    /// <summary>The annotations every request carries so that every tool routes it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Annotations { get; }

    /// <summary>The working folder (configurations, host logs).</summary>
    public string Directory => _directory;

    /// <summary>Starts the simulator and the fakes of <paramref name="adapters"/>.</summary>
    /// <param name="adapters">Adapter names.</param>
    /// <param name="requests">How many requests the run creates.</param>
    /// <param name="faults">The failures to inject once armed.</param>
    /// <returns>The cluster.</returns>
    public static async Task<LoadCluster> StartAsync(IReadOnlyList<string> adapters, int requests, FaultPlan faults)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("teleport-plugins-load-").FullName;
        var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions
            {
                StateDirectory = System.IO.Path.Combine(directory, "simulator"),
                ConfigureLogging = logging => logging.ClearProviders(),
            },
            CancellationToken.None);
        var log = new ArrivalLog(requests, adapters);
        try
        {
            var tools = await LoadTools.StartAsync(adapters, log, faults);
            return new LoadCluster(directory, simulator, log, tools, faults);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes a host configuration enabling <paramref name="enabled"/> (their sections pointing at the fakes).</summary>
    /// <param name="enabled">The adapters to enable (a subset of <see cref="Tools"/>).</param>
    /// <param name="port">The host's listener port.</param>
    /// <param name="dispatch">Extra <c>[dispatch]</c> keys, TOML lines, or empty.</param>
    /// <param name="logSeverity">The host's log severity.</param>
    /// <returns>The configuration file's path and the host's log file's path.</returns>
    public (string Config, string LogFile) WriteHostConfig(IReadOnlyList<string> enabled, int port, string dispatch, string logSeverity)
    {
        ArgumentNullException.ThrowIfNull(enabled);
        var number = Interlocked.Increment(ref _configs).ToString(CultureInfo.InvariantCulture);
        var logFile = System.IO.Path.Combine(_directory, $"host-{number}.log");
        var config = System.IO.Path.Combine(_directory, $"host-{number}.toml");
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $$"""
            [teleport]
            addr = "127.0.0.1:{{Simulator.GrpcPort}}"
            identity = {{Quote(System.IO.Path.GetFullPath(Simulator.IdentityFilePath))}}

            [adapters]
            directory = {{Quote(System.IO.Path.Combine(RepositoryPaths.Artifacts, "adapters"))}}
            enabled = [{{string.Join(", ", enabled.Select(Quote))}}]

            [http]
            listen_addr = "127.0.0.1:{{port}}"

            [log]
            output = {{Quote(logFile)}}
            severity = {{Quote(logSeverity)}}

            [dispatch]
            {{dispatch}}

            """);
        foreach (var tool in Tools.Where(t => enabled.Contains(t.Adapter, StringComparer.Ordinal)))
        {
            text.AppendLine(tool.ConfigSection).AppendLine();
        }

        File.WriteAllText(config, text.ToString());
        return (config, logFile);
    }

    /// <summary>Creates request <paramref name="index"/> with its marked reason and every tool's annotations.</summary>
    /// <param name="index">The request's number in the run.</param>
    /// <returns>Its id.</returns>
    public string CreateRequest(int index) => Simulator.CreateRequest(new NewAccessRequest
    {
        User = string.Create(CultureInfo.InvariantCulture, $"user{index % 100}@example.com"),
        Roles = ["db-admin"],
        Reason = $"load test {Markers.Of(RequestEvent.Created, index)}",
        // Two approvals do not reach the threshold, so the resolution is always the explicit third event.
        Thresholds = [new ReviewThresholdSpec { Approve = 3, Deny = 3 }],
        Annotations = Annotations,
    }).Id;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var tool in Tools)
        {
            await tool.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A host log still open; the temp folder is the OS's to clean.
        }
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
