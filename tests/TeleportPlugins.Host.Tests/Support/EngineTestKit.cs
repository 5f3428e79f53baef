using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Loading;
using TeleportPlugins.Host.Reminders;
using TeleportPlugins.Host.Reviews;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Watching;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>Builds engines over a fake cluster with fast test options, and waits for outcomes without timing asserts.</summary>
internal static class EngineTestKit
{
    public static WatcherOptions FastWatch() => new() { BackoffMin = TimeSpan.FromMilliseconds(1), BackoffMax = TimeSpan.FromMilliseconds(10) };

    public static DispatchOptions FastDispatch() => new()
    {
        CallTimeout = TimeSpan.FromSeconds(5),
        ClaimTtl = TimeSpan.FromSeconds(10),
        RetryMin = TimeSpan.FromMilliseconds(10),
        RetryMax = TimeSpan.FromMilliseconds(100),
    };

    public static ActiveAdapter Active(IAccessRequestAdapter adapter, string name) =>
        new(new AdapterPackage($"/adapters/{name}", null, null, null), adapter, AdapterHealth.Healthy("ok"));

    public static RequestEngine Start(
        FakeTeleportClient client,
        IEnumerable<RecordingAdapter> adapters,
        TimeProvider? time = null,
        DispatchOptions? dispatch = null,
        string replica = "replica-1",
        HostReadiness? readiness = null,
        ILoggerFactory? logs = null,
        WatcherOptions? watch = null,
        HostMetrics? metrics = null,
        ReminderSettings? reminders = null)
    {
        logs ??= NullLoggerFactory.Instance;
        var engine = new RequestEngine(
            client,
            [.. adapters.Select(a => Active(a, a.Name))],
            name => new TeleportReviewService(client, name, client.User, logs.CreateLogger<TeleportReviewService>()),
            watch ?? FastWatch(),
            dispatch ?? FastDispatch(),
            replica,
            readiness ?? new HostReadiness(),
            time ?? TimeProvider.System,
            logs,
            metrics,
            reminders);
        engine.Start();
        return engine;
    }

    /// <summary>Starts an engine with one adapter on any client (the fast watch and dispatch options, the system clock).</summary>
    public static RequestEngine StartOne(ITeleportClient client, IAccessRequestAdapter adapter, string name, Func<string, IAccessReviewService> reviews)
    {
        var engine = new RequestEngine(
            client,
            [Active(adapter, name)],
            reviews,
            FastWatch(),
            FastDispatch(),
            "replica-1",
            new HostReadiness(),
            TimeProvider.System,
            NullLoggerFactory.Instance);
        engine.Start();
        return engine;
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds; with a fake clock, moves it by <paramref name="step"/> between
    /// checks so that backoffs and timeouts fire. Fails after 30 s of real time (a hang, not a timing assert).
    /// </summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string because, FakeTimeProvider? clock = null, TimeSpan? step = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"timed out waiting until {because}");
            }

            clock?.Advance(step ?? TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }
    }

    /// <summary>Waits until the engines have nothing left to do and stay so for a moment (late duplicates would show).</summary>
    public static async Task WaitIdleAsync(params RequestEngine[] engines)
    {
        await WaitUntilAsync(() => engines.All(e => e.IsIdle), "the engines are idle");
        await Task.Delay(50);
        await WaitUntilAsync(() => engines.All(e => e.IsIdle), "the engines are idle again");
    }
}
