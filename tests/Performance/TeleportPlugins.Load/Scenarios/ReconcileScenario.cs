using TeleportPlugins.Host.Tests.Support;
using System.Diagnostics;
using System.Globalization;
using TeleportPlugins.Load.Measure;
using TeleportPlugins.Load.Results;
using TeleportPlugins.HostRunner;
using TeleportPlugins.Load.Run;
using TeleportPlugins.Performance.Results;

using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Scenarios;

/// <summary>
/// Start-up reconcile: N requests are already pending when the host starts; measured from process start to ready and
/// to every pending request's message delivered by every adapter, for each N, and the growth between the sizes.
/// </summary>
public static class ReconcileScenario
{
    /// <summary>Runs each size and returns the result (also written to the results folder).</summary>
    /// <param name="sizes">Pending request counts, smallest first (e.g. 10,000 and 100,000).</param>
    /// <param name="settings">Shared knobs.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The result.</returns>
    public static async Task<ScenarioResult> RunAsync(IReadOnlyList<int> sizes, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(settings);
        var metrics = new List<Metric>();
        var drained = new List<double>();
        foreach (var size in sizes)
        {
            await using var cluster = await LoadCluster.StartAsync(settings.Adapters, size, FaultPlan.None);
            for (var index = 0; index < size; index++)
            {
                cluster.Log.Issued(RequestEvent.Created, index);
                cluster.CreateRequest(index);
            }

            var port = HostProcess.FreeLoopbackPort();
            var (config, _) = cluster.WriteHostConfig(settings.Adapters, port, string.Empty, settings.LogSeverity);
            var tools = Enumerable.Range(0, cluster.Tools.Count).ToArray();
            var delivered = 0;
            await using var host = MeasuredHost.Start(config, port);
            await host.WaitReadyAsync(settings.ReadyWithin, cancellationToken);
            var ready = Stopwatch.GetElapsedTime(host.StartedAt);
            await using (new ProgressReporter(settings.Progress, $"reconcile {size}", () => $"{delivered:#,0} of {size:#,0} pending requests delivered everywhere"))
            {
                var limit = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 3600);
                while (delivered < size)
                {
                    while (delivered < size && cluster.Log.ReachedAll(tools, RequestEvent.Created, delivered))
                    {
                        delivered++;
                    }

                    if (Stopwatch.GetTimestamp() > limit)
                    {
                        throw new TimeoutException($"reconcile of {size} requests: {delivered} delivered after an hour");
                    }

                    await Task.Delay(20, cancellationToken);
                }
            }

            var done = Stopwatch.GetElapsedTime(host.StartedAt, cluster.Log.LastArrival);
            var stats = host.Stats();
            var heap = Math.Max(host.PeakManagedHeap, await host.ManagedHeapAsync(cancellationToken));
            await host.StopAsync();
            var report = DeliveryReport.Of(cluster.Log);
            drained.Add(done.TotalSeconds);
            var n = size.ToString("#,0", CultureInfo.InvariantCulture);
            metrics.Add(new($"{n}: process start → ready", ready.TotalSeconds, "s"));
            metrics.Add(new($"{n}: process start → every pending request delivered everywhere", done.TotalSeconds, "s"));
            metrics.Add(new($"{n}: requests per second", size / done.TotalSeconds, "req/s"));
            metrics.Add(new($"{n}: duplicate root objects", report.DuplicateRoots, string.Empty, "0", report.DuplicateRoots == 0));
            metrics.Add(new($"{n}: host peak RSS", stats.PeakResidentBytes / 1048576.0, "MiB"));
            metrics.Add(new($"{n}: host peak managed heap", heap / 1048576.0, "MiB"));
            metrics.Add(new($"{n}: host CPU", stats.CpuSeconds, "s"));
        }

        for (var i = 1; i < sizes.Count; i++)
        {
            var sizeRatio = (double)sizes[i] / sizes[i - 1];
            var growth = drained[i] / drained[i - 1];
            var allowed = sizeRatio * 1.1;
            metrics.Add(new(
                string.Create(CultureInfo.InvariantCulture, $"time growth {sizes[i - 1]:#,0} → {sizes[i]:#,0} ({sizeRatio:0.#}× the requests)"),
                growth,
                "×",
                string.Create(CultureInfo.InvariantCulture, $"≤ {allowed:0.#}"),
                growth <= allowed));
        }

        var result = new ScenarioResult(
            "reconcile",
            "Start-up reconcile of pending requests",
            "The requests exist before the host starts (created, not reviewed); the host lists them at its first watch INIT, plans each adapter's missing step and delivers it. Timed from process start.",
            RunEnvironment.Capture(RepositoryPaths.Root),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["sizes"] = string.Join(" ", sizes),
                ["adapters"] = string.Join(" ", settings.Adapters),
                ["host log"] = settings.LogSeverity,
            },
            metrics);
        ResultsWriter.Write(result, settings.ResultsFolder);
        return result;
    }
}
