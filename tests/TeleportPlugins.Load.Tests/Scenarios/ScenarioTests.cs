using TeleportPlugins.Load.Fakes;
using TeleportPlugins.Load.Results;
using TeleportPlugins.Load.Scenarios;

namespace TeleportPlugins.Load.Tests.Scenarios;

/// <summary>
/// Each scenario of the load tool, small, through the real host and every shipped adapter: they run to the end and
/// report every figure. Figures are reported, never asserted, except the correctness ones (delivered, duplicates).
/// </summary>
[NonParallelizable]
public sealed class ScenarioTests
{
    private string _results = null!;

    [SetUp]
    public void CreateResultsFolder() => _results = Directory.CreateTempSubdirectory("load-results-").FullName;

    [TearDown]
    public void DeleteResultsFolder() => Directory.Delete(_results, recursive: true);

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
    public async Task Reconcile_PendingRequestsAtStart_EveryRequestDeliveredOnceAndGrowthReported(CancellationToken cancellationToken)
    {
        var result = await ReconcileScenario.RunAsync([50, 100], Settings(), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(Value(result, "50: duplicate root objects"), Is.Zero);
            Assert.That(Value(result, "100: duplicate root objects"), Is.Zero);
            Assert.That(Value(result, "100: host peak RSS"), Is.Positive);
            Assert.That(result.Metrics.Single(m => m.Name.StartsWith("time growth 50 → 100", StringComparison.Ordinal)).Target, Is.EqualTo("≤ 2.2"));
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
        });
    }

    private static double Value(ScenarioResult result, string name) => result.Metrics.Single(m => m.Name == name).Value;

    private RunSettings Settings() => new() { ResultsFolder = _results, Progress = TestContext.Progress };
}
