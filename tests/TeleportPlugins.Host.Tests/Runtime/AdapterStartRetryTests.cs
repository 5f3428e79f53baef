using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Http;
using TeleportPlugins.Host.Logging;
using TeleportPlugins.Host.Reviews;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.Runtime;

/// <summary>Adapters that fail at start-up are retried in the background, join once they pass, and the probes say so.</summary>
public sealed class AdapterStartRetryTests
{
    private static readonly TimeSpan ClockStep = TimeSpan.FromMilliseconds(500);

    [Test]
    public async Task StartAsync_HealthCheckFailsThreeTimes_RetriedInBackgroundThenServing()
    {
        using var temp = new TempDirectory();
        await using var harness = new AdapterHarness(temp);
        var (settings, configured) = Configure(harness, temp, failHealthTimes: 3);
        var clock = new FakeTimeProvider();
        var runtime = harness.CreateRuntime(clock);
        var joined = new List<string>();
        runtime.Subscribe(adapter =>
        {
            lock (joined)
            {
                joined.Add(adapter.Name);
            }
        });

        var active = await harness.StartAsync(settings, configured);
        Assert.That(active, Is.Empty, "the first check failed");
        await WaitUntilAsync(() => runtime.Active.Count == 1, "fixture-a passed a background retry", clock, ClockStep);

        var warnings = harness.Logs.Messages(LogLevel.Warning).Where(m => m.Contains("start retry", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(joined, Is.EqualTo(new[] { "fixture-a" }), "joined once, when it passed");
            Assert.That(runtime.Statuses!.Single().State, Is.EqualTo(AdapterState.Serving));
            Assert.That(warnings, Has.Count.EqualTo(3));
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                Assert.That(warnings[attempt - 1], Does.StartWith($"Adapter fixture-a is not serving; start retry {attempt} in ")
                    .And.EndsWith("(cause: health check failed: fixture-a is configured to fail its health check)"));
            }

            Assert.That(harness.Logs.Messages(LogLevel.Information), Has.Exactly(1).StartsWith("Adapter fixture-a recovered at start retry 3 after "));
            Assert.That(harness.Logs.Messages(LogLevel.Error), Has.Exactly(1).Contains("is not serving requests: health check failed"));
        });
    }

    [Test]
    public async Task Check_OneAdapterRetrying_NotReadyAndNamesEachAdapterStateUntilItServes()
    {
        using var temp = new TempDirectory();
        await using var harness = new AdapterHarness(temp);
        var (settings, configured) = Configure(harness, temp, failHealthTimes: 1, withB: true);
        var clock = new FakeTimeProvider();
        var runtime = harness.CreateRuntime(clock);
        var readiness = new HostReadiness();
        readiness.TrackAdapters(() => runtime.Statuses);
        readiness.MarkWatchInitialized();
        var beforeStart = readiness.Check();

        await harness.StartAsync(settings, configured);
        await WaitUntilAsync(() => runtime.Statuses!.Any(s => s.State == AdapterState.Retrying), "fixture-a is scheduled for a retry");
        var retrying = readiness.Check();
        await WaitUntilAsync(() => runtime.Active.Count == 2, "fixture-a passed a background retry", clock, ClockStep);
        var recovered = readiness.Check();

        Assert.Multiple(() =>
        {
            Assert.That(beforeStart.Reasons, Is.EqualTo(new[] { "the adapters have not been started yet" }));
            Assert.That(retrying.IsReady, Is.False);
            Assert.That(retrying.Reasons, Is.EqualTo(new[] { "1 of 2 enabled adapters are not serving" }));
            Assert.That(retrying.Adapters, Has.Count.EqualTo(2));
            Assert.That(retrying.Adapters![0], Does.Match(
                @"^adapter fixture-a: retrying since 2026-11-21T12:00:00Z \(attempt 1, next at 2026-11-21T12:00:0[1-3]Z\); last error: health check failed: fixture-a is configured to fail its health check$"));
            Assert.That(retrying.Adapters[1], Is.EqualTo("adapter fixture-b: serving since 2026-11-21T12:00:00Z"));
            Assert.That(recovered.IsReady, Is.True);
            Assert.That(recovered.Body("ready"), Does.Match(@"^ready\nadapter fixture-a: serving since 2026-11-21T12:00:\d\dZ\nadapter fixture-b: serving since 2026-11-21T12:00:00Z$"));
        });
    }

    [Test]
    public async Task Healthz_NoEnabledAdapterServingAfterStart_ServiceUnavailableUntilOneServes()
    {
        using var temp = new TempDirectory();
        await using var harness = new AdapterHarness(temp);
        var (settings, configured) = Configure(harness, temp, failHealthTimes: 2);
        var clock = new FakeTimeProvider();
        var runtime = harness.CreateRuntime(clock);
        var readiness = new HostReadiness();
        readiness.TrackAdapters(() => runtime.Statuses);
        var options = new HttpOptions { ListenAddress = "127.0.0.1:0" };
        await using var server = new InboundHttpServer(options, new InboundRouteTable(options), readiness, new HostMetrics(), harness.Logs.CreateLogger<InboundHttpServer>());
        await server.StartAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var starting = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        await harness.StartAsync(settings, configured);
        await WaitUntilAsync(() => runtime.Statuses!.Single().State == AdapterState.Retrying, "fixture-a is scheduled for a retry");
        using var noneServing = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var noneServingBody = await noneServing.Content.ReadAsStringAsync();
        await WaitUntilAsync(() => runtime.Active.Count == 1, "fixture-a passed a background retry", clock, ClockStep);
        using var serving = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(starting.StatusCode, Is.EqualTo(HttpStatusCode.OK), "alive while the adapters start");
            Assert.That(noneServing.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(noneServingBody, Does.StartWith("none of the 1 enabled adapters is serving\nadapter fixture-a: retrying since 2026-11-21T12:00:00Z"));
            Assert.That(serving.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await serving.Content.ReadAsStringAsync(), Is.EqualTo("ok"));
        });
    }

    [Test]
    public async Task EngineStart_AdapterRecoversAfterStart_JoinsAndDeliversOwedStepsOnce()
    {
        using var temp = new TempDirectory();
        await using var harness = new AdapterHarness(temp);
        var (settings, configured) = Configure(harness, temp, failHealthTimes: 2);
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var client = cluster.Connect();
        var owed = cluster.Create(SampleRequests.Pending("owed-while-down")).Id;
        var runtime = harness.CreateRuntime(clock);
        var readiness = new HostReadiness();
        using var services = new ServiceCollection().AddSingleton<ITeleportClient>(client).BuildServiceProvider();
        await using var engine = new EngineHostedService(
            runtime,
            new EngineOptions(FastWatch(), FastDispatch()),
            readiness,
            new HostMetrics(),
            name => new TeleportReviewService(client, name, client.User, harness.Logs.CreateLogger<TeleportReviewService>()),
            clock,
            harness.Logs,
            services);

        await harness.StartAsync(settings, configured);
        await engine.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => harness.Logs.Messages().Any(m => m.Contains("Reconciled 1 access requests", StringComparison.Ordinal)), "the watch reconciled without fixture-a");
        var whileDown = readiness.Check();
        await WaitUntilAsync(() => runtime.Active.Count == 1, "fixture-a passed a background retry", clock, ClockStep);
        await WaitUntilAsync(() => Lines(temp).Count == 1, "the owed step reached fixture-a");
        var live = cluster.Create(SampleRequests.Pending("created-after-recovery")).Id;
        await WaitUntilAsync(() => Lines(temp).Count == 2, "a live event reached fixture-a");
        await Task.Delay(200);
        await engine.StopAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(whileDown.IsReady, Is.False);
            Assert.That(whileDown.Reasons, Is.EqualTo(new[] { "1 of 1 enabled adapters are not serving" }));
            Assert.That(Lines(temp), Is.EqualTo(new[] { $"created {owed} shared-lib 1", $"created {live} shared-lib 1" }), "each step exactly once");
            Assert.That(readiness.Check().IsReady, Is.True);
            Assert.That(harness.Logs.Messages(), Has.Exactly(1).EqualTo("Adapter fixture-a joined the dispatch; handed it the 1 current access requests"));
        });
    }

    [Test]
    public async Task StartAsync_FailureQuotesASecretOption_RedactedInLogAndReadiness()
    {
        using var temp = new TempDirectory();
        await using var harness = new AdapterHarness(temp);
        var secret = "fixture-token-" + Guid.NewGuid().ToString("N");
        var (settings, configured) = Configure(harness, temp, failHealthTimes: 1, token: secret);
        var runtime = harness.CreateRuntime(new FakeTimeProvider());
        var readiness = new HostReadiness();
        readiness.TrackAdapters(() => runtime.Statuses);

        await harness.StartAsync(settings, configured);
        await WaitUntilAsync(() => runtime.Statuses!.Single().State == AdapterState.Retrying, "fixture-a is scheduled for a retry");
        var body = readiness.Check().Body("ready");

        Assert.Multiple(() =>
        {
            Assert.That(body, Does.Contain("last error: health check failed: fixture-a is configured to fail its health check (token [redacted] refused)"));
            Assert.That(harness.Logs.Messages(LogLevel.Warning), Has.Some.Contains("(token [redacted] refused)"));
            Assert.That(harness.Logs.Messages(), Has.None.Contains(secret));
        });
    }

    [Test]
    public async Task StartAsync_FailureQuotesASecretOption_RedactedInTheJsonLogMessageAndFields()
    {
        using var temp = new TempDirectory();
        await using var harness = new AdapterHarness(temp);
        var secret = "fixture-token-" + Guid.NewGuid().ToString("N");
        var (settings, configured) = Configure(harness, temp, failHealthTimes: 1, token: secret);
        var log = temp.Combine("host.log");
        using (var logs = LoggerFactory.Create(logging => LoggingSetup.Apply(logging, new LogOptions { Output = log, Format = "json" }, debug: true, TimeProvider.System)))
        {
            var runtime = harness.CreateRuntime(new FakeTimeProvider(), logs);
            await harness.StartAsync(settings, configured);
            await WaitUntilAsync(() => runtime.Statuses!.Single().State == AdapterState.Retrying, "fixture-a is scheduled for a retry");

            // The status changes just before the warning is written, and debug lines quoting the failure may come first:
            // wait for the warn-level line itself (the file is flushed per line).
            await WaitUntilAsync(
                () => ReadShared(log).Split('\n').Any(line => line.Contains("\"level\":\"warn\"", StringComparison.Ordinal) && line.Contains("refused", StringComparison.Ordinal)),
                "the retry's warning was written");
        }

        var lines = await File.ReadAllLinesAsync(log);
        var warnings = lines.Select(line => JsonDocument.Parse(line).RootElement).Where(e => e.GetProperty("level").GetString() == "warn").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(warnings.Select(w => w.GetProperty("message").GetString()), Has.Some.Contains("(token [redacted] refused)"));
            Assert.That(warnings.Select(w => w.GetProperty("fields").GetRawText()), Has.Some.Contains("(token [redacted] refused)"));
            Assert.That(lines, Has.None.Contains(secret));
        });
    }

    private static string ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    private static (Host.Configuration.HostSettings Settings, IReadOnlyList<Host.Configuration.ConfiguredAdapter> Configured) Configure(
        AdapterHarness harness, TempDirectory temp, int failHealthTimes, bool withB = false, string? token = null)
    {
        harness.Install("Fixture.AdapterA", "fixture-a");
        if (withB)
        {
            harness.Install("Fixture.AdapterB", "fixture-b");
        }

        // A health check timeout below the first start-up pause (250 ms): one check at start-up, then background retries.
        var config = harness.WriteConfig($"""
            enabled = [{(withB ? "\"fixture-a\", \"fixture-b\"" : "\"fixture-a\"")}]
            health_check_timeout = "200ms"
            retry_max = "3s"
            [fixture-a]
            output = "{temp.Combine("a.txt")}"
            fail_health_times = {failHealthTimes}
            {(token is null ? string.Empty : $"token = \"{token}\"")}
            {(withB ? $"[fixture-b]\noutput = \"{temp.Combine("b.txt")}\"" : string.Empty)}
            """);
        return ConfiguredHost.OpenValid(harness, config);
    }

    private static List<string> Lines(TempDirectory temp)
    {
        var path = temp.Combine("a.txt");
        return File.Exists(path) ? [.. File.ReadAllLines(path)] : [];
    }
}
