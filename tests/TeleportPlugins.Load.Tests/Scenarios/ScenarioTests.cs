using TeleportPlugins.Load.Fakes;
using TeleportPlugins.Load.Results;
using TeleportPlugins.Load.Scenarios;
using TeleportPlugins.Load.Tests.Support;

namespace TeleportPlugins.Load.Tests.Scenarios;

/// <summary>
/// Each scenario of the load tool, small, through the real host and every shipped adapter: they run to the end and
/// report every figure. Figures are reported, never asserted, except the correctness ones (delivered, duplicates).
/// </summary>
[NonParallelizable]
public sealed class ScenarioTests
{
    private string _results = null!;
    private ProgressLines _progress = null!;

    [SetUp]
    public void CreateResultsFolder()
    {
        _results = Directory.CreateTempSubdirectory("load-results-").FullName;
        _progress = new ProgressLines(TestContext.Progress);
    }

    [TearDown]
    public void DeleteResultsFolder()
    {
        Directory.Delete(_results, recursive: true);
        _progress.Dispose();
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Load_100Requests_EverythingDeliveredOnceAndEveryFigureReported(CancellationToken cancellationToken)
    {
        var result = await LoadScenario.RunAsync(100, Settings(), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(Value(result, "requests fully delivered"), Is.EqualTo(100));
            Assert.That(Value(result, "duplicate root objects"), Is.Zero);
            Assert.That(Value(result, "steps delivered (request × event × adapter)"), Is.EqualTo(100 * 4 * LoadTools.All.Count));
            foreach (var name in new[] { "steps delivered per second", "host / ceiling", "latency p50 (event → tool)", "latency p99", "host peak RSS", "host peak managed heap", "host CPU, whole run" })
            {
                Assert.That(Value(result, name), Is.Positive, name);
            }

            Assert.That(File.Exists(Path.Combine(_results, "load-100.json")) && File.Exists(Path.Combine(_results, "load-100.md")), Is.True);
        });
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Load_100Requests_AuthServiceCallsPerStepPerRpcAndBothCeilingsReportedWithTargets(CancellationToken cancellationToken)
    {
        var result = await LoadScenario.RunAsync(100, Settings(), cancellationToken);

        var steps = Value(result, "steps delivered (request × event × adapter)");
        var rpcRows = result.Metrics.Where(m => m.Name.StartsWith("Auth Service calls, ", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Metric(result, "Auth Service calls per delivered step").Target, Is.EqualTo("≤ 2"));
            Assert.That(Metric(result, "Auth Service calls per delivered step").Met, Is.True, "every request is new since the watch started: a claim and a confirm per step");
            Assert.That(rpcRows.Select(m => m.Name), Is.SupersetOf(new[] { "Auth Service calls, Ping", "Auth Service calls, WatchEvents", "Auth Service calls, UpdatePluginData" }));
            var perStepRows = rpcRows.Where(m => !m.Name.EndsWith(", Ping", StringComparison.Ordinal) && !m.Name.EndsWith(", WatchEvents", StringComparison.Ordinal) && !m.Name.EndsWith(", ListAccessRequests", StringComparison.Ordinal));
            Assert.That(Value(result, "Auth Service calls per delivered step"), Is.EqualTo(perStepRows.Sum(m => m.Value) / steps).Within(1e-9), "the once-per-connection calls are not per step");
            Assert.That(Value(result, "host CPU after ready, per 1,000 steps"), Is.Positive);
            Assert.That(Metric(result, "host / ceiling").Target, Is.EqualTo("≥ 0.5"));
            Assert.That(Metric(result, "host / honest ceiling").Target, Is.EqualTo("≥ 0.7"));
            Assert.That(Value(result, "honest ceiling: plugin-data calls sent over gRPC"), Is.EqualTo(2 * steps));
            Assert.That(Value(result, "honest ceiling: compare-and-swaps refused"), Is.Zero);
            Assert.That(_progress.Lines, Has.Some.Contains("] driving: ").And.Some.Contains("] ceiling: ").And.Some.Contains("] honest ceiling: "));
        });
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Load_NoCeilings_HostFiguresReportedAndNeitherCeilingRun(CancellationToken cancellationToken)
    {
        var result = await LoadScenario.RunAsync(50, new RunSettings { ResultsFolder = _results, Progress = _progress, Ceilings = false }, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(Value(result, "requests fully delivered"), Is.EqualTo(100));
            Assert.That(Value(result, "host CPU after ready, per 1,000 steps"), Is.Positive);
            Assert.That(result.Metrics.Select(m => m.Name), Has.None.Contains("ceiling"));
            Assert.That(result.Settings["ceilings"], Is.EqualTo("not run (--no-ceilings)"));
            var warmP99 = Value(result, "latency p99, after the first 10 % of requests (JIT warm-up)");
            Assert.That(warmP99, Is.Positive.And.LessThanOrEqualTo(Value(result, "latency max")), "the requests after the warm-up are a subset of the run");
            Assert.That(Value(result, "latency p50, after the first 10 % of requests (JIT warm-up)"), Is.Positive.And.LessThanOrEqualTo(warmP99));
            Assert.That(_progress.Lines, Has.Some.Contains("] driving: ").And.None.Contains("] ceiling: ").And.None.Contains("] honest ceiling: "));
        });
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Reconcile_PendingRequestsAtStart_EveryRequestDeliveredOnceAndGrowthReported(CancellationToken cancellationToken)
    {
        var result = await ReconcileScenario.RunAsync([50, 100], Settings(), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(Value(result, "50: duplicate root objects"), Is.Zero);
            Assert.That(Value(result, "100: duplicate root objects"), Is.Zero);
            Assert.That(Value(result, "100: host peak RSS"), Is.Positive);
            Assert.That(result.Metrics.Single(m => m.Name.StartsWith("time growth 50 → 100", StringComparison.Ordinal)).Target, Is.EqualTo("≤ 2.2"));
            Assert.That(Value(result, "100: Auth Service calls per delivered step"), Is.Positive);
            Assert.That(Value(result, "100: Auth Service calls, ListAccessRequests"), Is.Positive);
            Assert.That(Value(result, "100: host CPU per 1,000 steps (whole run, start-up included)"), Is.Positive);
            Assert.That(_progress.Lines, Has.Some.Contains("] 100: creating the pending requests").And.Some.Contains("] 100: reconciling: "));
        });
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Footprint_ZeroOneAndAllAdapters_ResidentSetOfEachAndMarginalPerAdapter(CancellationToken cancellationToken)
    {
        var result = await FootprintScenario.RunAsync(Settings(), TimeSpan.FromSeconds(1), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(Value(result, "idle RSS, no adapter"), Is.Positive);
            Assert.That(Value(result, "idle RSS, 1 adapter (slack)"), Is.Positive);
            Assert.That(Value(result, $"idle RSS, all {LoadTools.All.Count} adapters"), Is.GreaterThan(Value(result, "idle RSS, no adapter")));
            Assert.That(result.Metrics.Single(m => m.Name.StartsWith("marginal RSS per adapter", StringComparison.Ordinal)).Target, Is.EqualTo("≤ 3 MB"));
            Assert.That(_progress.Lines, Has.Some.Contains($"] all {LoadTools.All.Count} adapters: idling 1 s before measuring"));
        });
    }

    private static double Value(ScenarioResult result, string name) => Metric(result, name).Value;

    private static Metric Metric(ScenarioResult result, string name) => result.Metrics.Single(m => m.Name == name);

    private RunSettings Settings() => new() { ResultsFolder = _results, Progress = _progress };
}
