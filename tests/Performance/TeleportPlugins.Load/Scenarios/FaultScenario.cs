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
/// Survival under faults: requests flow while the watch streams are dropped every few hundred events, every fake
/// answers a share of 503s and 429s with Retry-After, one adapter's tool hangs, and the host is killed with SIGKILL
/// and restarted midway. Reports what was delivered, duplicated and replied, and whether the hang slowed the others.
/// </summary>
public static class FaultScenario
{
    /// <summary>Runs the fault run and returns its report (the result is also written to the results folder).</summary>
    /// <param name="options">The faults.</param>
    /// <param name="settings">Shared knobs.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The report.</returns>
    public static async Task<FaultRunReport> RunAsync(FaultRunOptions options, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var faults = new FaultPlan(options.ServerErrorRate, options.RateLimitRate);
        await using var progress = new ProgressReporter(settings, string.Create(CultureInfo.InvariantCulture, $"faults {options.Requests}"));
        await using var cluster = await LoadCluster.StartAsync(settings.Adapters, options.Requests, faults);
        var hanging = cluster.Log.IndexOf(options.HangingAdapter);
        var healthy = Enumerable.Range(0, cluster.Tools.Count).Where(t => t != hanging).ToArray();
        var port = HostProcess.FreeLoopbackPort();
        var (config, _) = cluster.WriteHostConfig(settings.Adapters, port, options.Dispatch, settings.LogSeverity);
        var authBefore = AuthServiceUsage.Mark(cluster.Simulator.Calls);
        progress.Enter("starting the host");
        var host = await MeasuredHost.StartAsync(config, port, settings.ReadyWithin, cancellationToken);
        faults.Armed = true;
        var driver = new RequestDriver(cluster, new DriverOptions { Window = settings.Window, GatingTools = healthy, DropWatchEvery = options.DropWatchEvery });
        var totalEvents = options.Requests * 4L;
        long hangStart = 0, hangEnd = 0;
        double restartSeconds = 0;
        try
        {
            using var stopChaos = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var chaos = Task.Run(
                async () =>
                {
                    while (driver.EventsIssued < totalEvents * options.HangAt)
                    {
                        await Task.Delay(5, stopChaos.Token);
                    }

                    cluster.Tools[hanging].Server.Hang.Start(options.HangFor);
                    hangStart = Stopwatch.GetTimestamp();
                    hangEnd = hangStart + (long)(options.HangFor.TotalSeconds * Stopwatch.Frequency);
                    settings.Progress.WriteLine($"  {options.HangingAdapter} hangs for {options.HangFor.TotalSeconds:0} s");
                    if (options.KillAt is not { } killAt)
                    {
                        return;
                    }

                    while (driver.EventsIssued < totalEvents * killAt || cluster.Tools[hanging].Server.Hang.Active)
                    {
                        await Task.Delay(5, stopChaos.Token);
                    }

                    settings.Progress.WriteLine($"  SIGKILL the host at event {driver.EventsIssued:#,0}");
                    await host.KillAsync();
                    await host.DisposeAsync();
                    var restarted = Stopwatch.GetTimestamp();
                    host = MeasuredHost.Start(config, port);
                    await host.WaitReadyAsync(settings.ReadyWithin, stopChaos.Token);
                    restartSeconds = Stopwatch.GetElapsedTime(restarted).TotalSeconds;
                    settings.Progress.WriteLine($"  restarted, ready after {restartSeconds:0.0} s");
                },
                stopChaos.Token);
            progress.Enter("driving", () => $"{driver.EventsIssued:#,0} of {totalEvents:#,0} events issued");
            await driver.RunAsync(cancellationToken);
            await chaos;
            progress.Enter("waiting for every adapter, the hanging one included");
            await WaitForEverythingAsync(cluster.Log, options.DeliveryLimit, cancellationToken);
            progress.Enter("waiting for late duplicates");
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken); // room for a late duplicate to show up
        }
        finally
        {
            faults.Armed = false;
            await host.StopAsync();
            await host.DisposeAsync();
        }

        var auth = AuthServiceUsage.Since(authBefore, cluster.Simulator.Calls);
        var delivery = DeliveryReport.Of(cluster.Log);
        var during = DeliveryReport.LatencyOf(cluster.Log, healthy, issued => issued >= hangStart && issued < hangEnd);
        var outside = DeliveryReport.LatencyOf(cluster.Log, healthy, issued => issued < hangStart || issued >= hangEnd);
        var servers = cluster.Tools.Select(t => t.Server).ToArray();
        var repliesOnce = 100.0 * delivery.RepliesExactlyOnce / delivery.ReplySlots;
        var metrics = new List<Metric>
        {
            new("requests fully delivered (4 events × every adapter)", 100.0 * delivery.FullyDelivered / options.Requests, "%", "100 %", delivery.FullyDelivered == options.Requests),
            new("duplicate root objects", delivery.DuplicateRoots, string.Empty, "0", delivery.DuplicateRoots == 0),
            new("requests missing a root object", delivery.MissingRoots, string.Empty, "0", delivery.MissingRoots == 0),
            new("review replies delivered exactly once", repliesOnce, "%", "100 %", delivery.RepliesExactlyOnce == delivery.ReplySlots),
            new("p99, healthy adapters, events while one adapter hung", during.P99, "ms"),
            new("p99, healthy adapters, other events", outside.P99, "ms"),
            new($"p99, {options.HangingAdapter} (the hanging one)", delivery.PerTool[options.HangingAdapter].P99, "ms"),
            new("p50, healthy adapters, whole run", DeliveryReport.LatencyOf(cluster.Log, healthy, _ => true).P50, "ms"),
            new("injected 503s", servers.Sum(s => s.ServerErrors), string.Empty),
            new("injected 429s", servers.Sum(s => s.RateLimited), string.Empty),
            new("watch drops", driver.WatchDrops, string.Empty),
            new("host restart after SIGKILL → ready", restartSeconds, "s"),
            new("review replies sent more than once", delivery.ReplySlots - delivery.RepliesExactlyOnce - delivery.MissingReplies, string.Empty),
            new("calls no fake route knew", servers.Sum(s => s.UnmatchedCount), string.Empty, "0", servers.Sum(s => s.UnmatchedCount) == 0),
        };
        // No target here: retries after injected 503s and 429s, watch drops and the restart all add calls by design.
        metrics.AddRange(auth.Metrics(string.Empty, delivery.StepsDelivered, withTarget: false));
        metrics.InsertRange(2, delivery.DuplicateRootsPerTool.Where(d => d.Value > 0).Select(d => new Metric($"duplicate root objects, {d.Key}", d.Value, string.Empty)));
        var result = new ScenarioResult(
            string.Create(CultureInfo.InvariantCulture, $"faults-{options.Requests}{(options.KillAt is null ? "-no-kill" : string.Empty)}"),
            string.Create(CultureInfo.InvariantCulture, $"Fault run: {options.Requests:#,0} requests under faults"),
            string.Create(CultureInfo.InvariantCulture, $"Watch dropped every {options.DropWatchEvery} events; every fake answers {options.ServerErrorRate:P0} 503 and {options.RateLimitRate:P0} 429 (Retry-After 1); {options.HangingAdapter} hangs {options.HangFor.TotalSeconds:0} s from {options.HangAt:P0} of the events; {(options.KillAt is { } killAt ? $"the host is SIGKILLed at {killAt:P0} of the events (after the hang) and restarted" : "the host is not killed")}. Healthy adapters gate the workload; the run ends when every adapter, the hanging one included, has everything."),
            RunEnvironment.Capture(RepositoryPaths.Root),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["requests"] = options.Requests.ToString(CultureInfo.InvariantCulture),
                ["adapters"] = string.Join(" ", settings.Adapters),
                ["dispatch"] = options.Dispatch.Replace('\n', ' '),
                ["window"] = settings.Window.ToString(CultureInfo.InvariantCulture),
            },
            metrics);
        ResultsWriter.Write(result, settings.ResultsFolder);
        return new FaultRunReport(delivery, during, outside, result);
    }

    private static async Task WaitForEverythingAsync(ArrivalLog log, TimeSpan limit, CancellationToken cancellationToken)
    {
        var all = Enumerable.Range(0, log.Tools.Count).ToArray();
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var index = 0;
        while (index < log.Requests && Stopwatch.GetTimestamp() < deadline)
        {
            // The resolution reaching every tool is not enough: a request announced late (its tool hung while it was
            // reviewed and resolved) is announced with its final state, which already names both reviews and the
            // resolution, while its review replies are still on their way.
            if (log.ReachedAll(all, RequestEvent.Resolved, index)
                && all.All(tool => log.Replies(tool, RequestEvent.FirstReview, index) > 0 && log.Replies(tool, RequestEvent.SecondReview, index) > 0))
            {
                index++;
                continue;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
