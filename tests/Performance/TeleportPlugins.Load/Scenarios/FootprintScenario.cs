using TeleportPlugins.Host.Tests.Support;
using System.Globalization;
using TeleportPlugins.Load.Results;
using TeleportPlugins.HostRunner;
using TeleportPlugins.Load.Run;
using TeleportPlugins.Performance.Results;

using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Scenarios;

/// <summary>The idle host's resident memory with 0, 1 and every shipped adapter loaded, and the marginal cost per adapter.</summary>
public static class FootprintScenario
{
    /// <summary>Measures and returns the result (also written to the results folder).</summary>
    /// <param name="settings">Shared knobs (its adapters are the "all" set; the first is the "one").</param>
    /// <param name="settle">How long each host idles after /readyz before it is measured.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The result.</returns>
    public static async Task<ScenarioResult> RunAsync(RunSettings settings, TimeSpan settle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var progress = new ProgressReporter(settings, "footprint");
        await using var cluster = await LoadCluster.StartAsync(settings.Adapters, 1, FaultPlan.None);
        var sets = new (string Label, IReadOnlyList<string> Adapters)[]
        {
            ("no adapter", []),
            ($"1 adapter ({settings.Adapters[0]})", [settings.Adapters[0]]),
            ($"all {settings.Adapters.Count} adapters", settings.Adapters),
        };
        var rss = new List<double>();
        var metrics = new List<Metric>();
        foreach (var (label, adapters) in sets)
        {
            var port = HostProcess.FreeLoopbackPort();
            var (config, _) = cluster.WriteHostConfig(adapters, port, string.Empty, settings.LogSeverity);
            progress.Enter($"{label}: starting the host");
            await using var host = await MeasuredHost.StartAsync(config, port, settings.ReadyWithin, cancellationToken);
            progress.Enter(string.Create(CultureInfo.InvariantCulture, $"{label}: idling {settle.TotalSeconds:0} s before measuring"));
            await Task.Delay(settle, cancellationToken);
            var stats = host.Stats();
            var heap = await host.ManagedHeapAsync(cancellationToken);
            await host.StopAsync();
            settings.Progress.WriteLine($"  {label}: {stats.ResidentBytes / 1048576.0:0.0} MiB resident");
            rss.Add(stats.ResidentBytes / 1048576.0);
            metrics.Add(new($"idle RSS, {label}", stats.ResidentBytes / 1048576.0, "MiB"));
            metrics.Add(new($"idle managed heap, {label}", heap / 1048576.0, "MiB"));
        }

        var perAdapter = (rss[2] - rss[0]) / settings.Adapters.Count;
        metrics.Add(new("marginal RSS of the first adapter", rss[1] - rss[0], "MiB"));
        metrics.Add(new("marginal RSS per adapter (all − none) / count", perAdapter, "MiB", "≤ 3 MB", perAdapter * 1.048576 <= 3));
        var result = new ScenarioResult(
            "footprint",
            "Footprint of an idle host",
            string.Create(CultureInfo.InvariantCulture, $"Resident set (VmRSS) of `teleport-plugins start` {settle.TotalSeconds:0} s after /readyz, connected to the simulator, no requests."),
            RunEnvironment.Capture(RepositoryPaths.Root),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["adapters"] = string.Join(" ", settings.Adapters), ["host log"] = settings.LogSeverity },
            metrics);
        ResultsWriter.Write(result, settings.ResultsFolder);
        return result;
    }
}
