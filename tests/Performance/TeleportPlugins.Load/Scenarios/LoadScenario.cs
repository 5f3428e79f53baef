using TeleportPlugins.Host.Tests.Support;
using System.Diagnostics;
using System.Globalization;
using TeleportPlugins.Load.Drive;
using TeleportPlugins.Load.Measure;
using TeleportPlugins.Load.Results;
using TeleportPlugins.HostRunner;
using TeleportPlugins.Load.Run;
using TeleportPlugins.Performance.Results;

using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Scenarios;

/// <summary>
/// Throughput and latency: R requests, each created, reviewed twice and resolved, through the real host and every
/// shipped adapter against fakes that answer at once; then the ceiling (the same calls straight from one HttpClient)
/// and the honest ceiling (those calls plus a plugin-data read and compare-and-swap per step, over gRPC).
/// </summary>
public static class LoadScenario
{
    /// <summary>How many calls the ceiling keeps in flight: the host's default concurrency per adapter × adapters.</summary>
    private const int HostConcurrencyPerAdapter = 16;

    /// <summary>Runs R requests and returns the result (also written to the results folder).</summary>
    /// <param name="requests">R.</param>
    /// <param name="settings">Shared knobs.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The result.</returns>
    public static async Task<ScenarioResult> RunAsync(int requests, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var progress = new ProgressReporter(settings, string.Create(CultureInfo.InvariantCulture, $"load {requests}"));
        await using var cluster = await LoadCluster.StartAsync(settings.Adapters, requests, FaultPlan.None);
        var port = HostProcess.FreeLoopbackPort();
        var (config, _) = cluster.WriteHostConfig(settings.Adapters, port, string.Empty, settings.LogSeverity);
        var loadCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var authBefore = AuthServiceUsage.Mark(cluster.Simulator.Calls);
        progress.Enter("starting the host");
        await using var host = await MeasuredHost.StartAsync(config, port, settings.ReadyWithin, cancellationToken);
        var cpuAtReady = host.Stats().CpuSeconds;
        var driver = new RequestDriver(cluster, new DriverOptions { Window = settings.Window, GatingTools = [.. Enumerable.Range(0, cluster.Tools.Count)] });
        progress.Enter("driving", () => $"{driver.EventsIssued:#,0} of {requests * 4L:#,0} events issued");
        await driver.RunAsync(cancellationToken);

        var hostElapsed = Stopwatch.GetElapsedTime(driver.FirstIssued, cluster.Log.LastArrival);
        progress.Enter("waiting for late duplicates");
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); // room for a late duplicate to show up
        var stats = host.Stats();
        var peakHeap = Math.Max(host.PeakManagedHeap, await host.ManagedHeapAsync(cancellationToken));
        await host.StopAsync();
        var auth = AuthServiceUsage.Since(authBefore, cluster.Simulator.Calls);
        var loadCpu = (Process.GetCurrentProcess().TotalProcessorTime - loadCpuBefore).TotalSeconds;
        var delivery = DeliveryReport.Of(cluster.Log);
        var calls = Enumerable.Range(0, cluster.Tools.Count).Select(cluster.Log.Calls).ToArray();

        // The first requests run while the JIT is still compiling the step path (a sixth of the host's CPU at 1,000
        // requests is the tiered JIT: results/cpu-profile.md); a long-running host's latency is the rest.
        var warmedUp = cluster.Log.IssuedAt(RequestEvent.Created, requests / 10);
        var warm = DeliveryReport.LatencyOf(cluster.Log, Enumerable.Range(0, cluster.Tools.Count), issued => issued >= warmedUp);

        cluster.Log.Recording = false;
        var hostRate = calls.Sum() / hostElapsed.TotalSeconds;
        var ceilings = settings.Ceilings ? await RunCeilingsAsync(cluster, driver, delivery, calls, hostRate, progress, cancellationToken) : [];
        var metrics = new List<Metric>
        {
            new("requests fully delivered", 100.0 * delivery.FullyDelivered / requests, "%", "100 %", delivery.FullyDelivered == requests),
            new("duplicate root objects", delivery.DuplicateRoots, string.Empty, "0", delivery.DuplicateRoots == 0),
            new("steps delivered (request × event × adapter)", delivery.StepsDelivered, string.Empty),
            new("elapsed, first event to last arrival", hostElapsed.TotalSeconds, "s"),
            new("steps delivered per second", delivery.StepsDelivered / hostElapsed.TotalSeconds, "steps/s"),
        };
        metrics.AddRange(auth.Metrics(string.Empty, delivery.StepsDelivered, withTarget: true));
        metrics.AddRange(
        [
            new("host CPU after ready, per 1,000 steps", (stats.CpuSeconds - cpuAtReady) * 1000 / Math.Max(1, delivery.StepsDelivered), "s"),
            new("HTTP calls the fakes accepted", calls.Sum(), string.Empty),
            new("host: HTTP calls per second", hostRate, "calls/s"),
        ]);
        metrics.AddRange(ceilings);
        metrics.AddRange(
        [
            new("latency p50 (event → tool)", delivery.All.P50, "ms"),
            new("latency p95", delivery.All.P95, "ms"),
            new("latency p99", delivery.All.P99, "ms"),
            new("latency max", delivery.All.Max, "ms"),
            new("latency p50, after the first 10 % of requests (JIT warm-up)", warm.P50, "ms"),
            new("latency p99, after the first 10 % of requests (JIT warm-up)", warm.P99, "ms"),
            new("host peak RSS", stats.PeakResidentBytes / 1048576.0, "MiB"),
            new("host peak managed heap", peakHeap / 1048576.0, "MiB"),
            new("host CPU, whole run", stats.CpuSeconds, "s"),
            new("load process CPU (simulator, fakes, driver)", loadCpu, "s"),
        ]);
        metrics.AddRange(delivery.PerTool.Select(t => new Metric($"latency p99, {t.Key}", t.Value.P99, "ms")));
        var result = new ScenarioResult(
            string.Create(CultureInfo.InvariantCulture, $"load-{requests}"),
            string.Create(CultureInfo.InvariantCulture, $"Load: {requests:#,0} requests × (created, 2 reviews, resolved) × {settings.Adapters.Count} adapters"),
            "Simulator + real host process + shipped adapters against in-process fakes that answer at once; latency is from the simulator call to the tool fake's first arrival of that event. "
            + "Auth Service calls are the host's gRPC calls the simulator counted from host start to stop, per RPC, divided by the steps delivered (target ≤ 2: a read and a compare-and-swap, as Teleport's own plugins). "
            + "The ceiling sends the same number of calls per tool straight from one HttpClient with the host's concurrency (16 per adapter): tool calls alone, which no design keeping state in Teleport can approach on shared cores. "
            + "The honest ceiling sends the same tool calls plus, per delivered step, the least that state in Teleport costs (a GetPluginData and a compare-and-swap UpdatePluginData expecting what it read) over gRPC with the plugin's identity to the same simulator, with the same concurrency; both ceilings are in HTTP tool calls per second, like the host's figure.",
            RunEnvironment.Capture(RepositoryPaths.Root),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["requests"] = requests.ToString(CultureInfo.InvariantCulture),
                ["adapters"] = string.Join(" ", settings.Adapters),
                ["window"] = settings.Window.ToString(CultureInfo.InvariantCulture),
                ["host log"] = settings.LogSeverity,
                ["ceilings"] = settings.Ceilings ? "run" : "not run (--no-ceilings)",
            },
            metrics);
        ResultsWriter.Write(result, settings.ResultsFolder);
        return result;
    }

    private static async Task<Metric[]> RunCeilingsAsync(
        LoadCluster cluster, RequestDriver driver, DeliveryReport delivery, long[] calls, double hostRate, ProgressReporter progress, CancellationToken cancellationToken)
    {
        var concurrency = HostConcurrencyPerAdapter * cluster.Tools.Count;
        var bare = new CeilingRun(cluster.Tools, calls, concurrency);
        progress.Enter("ceiling", () => $"{bare.Sent:#,0} of {calls.Sum():#,0} calls straight to the fakes");
        var ceiling = await bare.RunBareAsync(cancellationToken);
        var pluginData = new PluginDataLoad(cluster.Simulator, driver.RequestIds, [.. cluster.Tools.Select(t => t.Adapter)], delivery.StepsDelivered);
        var honestRun = new CeilingRun(cluster.Tools, calls, concurrency);
        var honestTotal = calls.Sum() + (PluginDataLoad.CallsPerStep * delivery.StepsDelivered);
        progress.Enter("honest ceiling", () => $"{honestRun.Sent:#,0} of {honestTotal:#,0} calls (tools, plus a read and a compare-and-swap per step)");
        var honest = await honestRun.RunHonestAsync(pluginData, cancellationToken);

        var ratio = hostRate / (calls.Sum() / ceiling.Elapsed.TotalSeconds);
        var honestRatio = hostRate / (calls.Sum() / honest.Elapsed.TotalSeconds);
        return
        [
            new("ceiling: same calls from one HttpClient", calls.Sum() / ceiling.Elapsed.TotalSeconds, "calls/s"),
            new("ceiling calls refused (repeated creates a tool de-duplicates)", ceiling.ToolCallsFailed, string.Empty),
            new("host / ceiling", ratio, string.Empty, "≥ 0.5", ratio >= 0.5),
            new("honest ceiling: same calls + a GetPluginData and a compare-and-swap per step", calls.Sum() / honest.Elapsed.TotalSeconds, "calls/s"),
            new("honest ceiling: plugin-data calls sent over gRPC", honest.PluginDataCalls, string.Empty),
            new("honest ceiling: compare-and-swaps refused", honest.CompareFailures, string.Empty, "0", honest.CompareFailures == 0),
            new("host / honest ceiling", honestRatio, string.Empty, "≥ 0.7", honestRatio >= 0.7),
        ];
    }
}
