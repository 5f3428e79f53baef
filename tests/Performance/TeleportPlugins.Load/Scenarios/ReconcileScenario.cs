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
        await using var progress = new ProgressReporter(settings, "reconcile");
        foreach (var size in sizes)
        {
            var n = size.ToString("#,0", CultureInfo.InvariantCulture);
            await using var cluster = await LoadCluster.StartAsync(settings.Adapters, size, FaultPlan.None);
            var created = 0;
            progress.Enter($"{n}: creating the pending requests", () => $"{Volatile.Read(ref created):#,0} of {n}");
            for (var index = 0; index < size; index++)
            {
                cluster.Log.Issued(RequestEvent.Created, index);
                cluster.CreateRequest(index);
                Volatile.Write(ref created, index + 1);
            }

            var port = HostProcess.FreeLoopbackPort();
            var (config, _) = cluster.WriteHostConfig(settings.Adapters, port, string.Empty, settings.LogSeverity);
            var tools = Enumerable.Range(0, cluster.Tools.Count).ToArray();
            var delivered = 0;
            var authBefore = AuthServiceUsage.Mark(cluster.Simulator.Calls);
            progress.Enter($"{n}: starting the host");
            await using var host = MeasuredHost.Start(config, port);
            await host.WaitReadyAsync(settings.ReadyWithin, cancellationToken);
            var ready = Stopwatch.GetElapsedTime(host.StartedAt);
            progress.Enter($"{n}: reconciling", () => $"{Volatile.Read(ref delivered):#,0} of {n} pending requests delivered everywhere");
            var limit = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 3600);
            while (delivered < size)
            {
                while (delivered < size && cluster.Log.ReachedAll(tools, RequestEvent.Created, delivered))
                {
                    Volatile.Write(ref delivered, delivered + 1);
                }

                if (Stopwatch.GetTimestamp() > limit)
                {
                    throw new TimeoutException($"reconcile of {size} requests: {delivered} delivered after an hour");
                }

                await Task.Delay(20, cancellationToken);
            }

            var done = Stopwatch.GetElapsedTime(host.StartedAt, cluster.Log.LastArrival);
            var stats = host.Stats();
            var heap = Math.Max(host.PeakManagedHeap, await host.ManagedHeapAsync(cancellationToken));
            await host.StopAsync();
            var auth = AuthServiceUsage.Since(authBefore, cluster.Simulator.Calls);
            var report = DeliveryReport.Of(cluster.Log);
            drained.Add(done.TotalSeconds);
            metrics.Add(new($"{n}: process start → ready", ready.TotalSeconds, "s"));
            metrics.Add(new($"{n}: process start → every pending request delivered everywhere", done.TotalSeconds, "s"));
            metrics.Add(new($"{n}: requests per second", size / done.TotalSeconds, "req/s"));
            metrics.Add(new($"{n}: duplicate root objects", report.DuplicateRoots, string.Empty, "0", report.DuplicateRoots == 0));
            metrics.Add(new($"{n}: host peak RSS", stats.PeakResidentBytes / 1048576.0, "MiB"));
            metrics.Add(new($"{n}: host peak managed heap", heap / 1048576.0, "MiB"));
            metrics.Add(new($"{n}: host CPU", stats.CpuSeconds, "s"));
            metrics.Add(new($"{n}: host CPU per 1,000 steps (whole run, start-up included)", stats.CpuSeconds * 1000 / Math.Max(1, report.StepsDelivered), "s"));
            // No target: nothing is cached at start-up, so each pending request's one step needs a first read; the
            // target is for the load run's common path.
            metrics.AddRange(auth.Metrics($"{n}: ", report.StepsDelivered, withTarget: false));
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
            "The requests exist before the host starts (created, not reviewed); the host lists them at its first watch INIT, plans each adapter's missing step and delivers it. Timed from process start. Auth Service calls are the host's gRPC calls the simulator counted from host start to stop, per RPC, divided by the steps delivered (one per request and adapter).",
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
