using TeleportPlugins.Load.Scenarios;

namespace TeleportPlugins.Load.Tests.Scenarios;

/// <summary>
/// The reduced fault run (issue 9): 1,000 requests through the real host and every shipped adapter while the watch is
/// dropped every 500 events, every fake answers 5% 503 and 2% 429 with Retry-After and Jira's fake hangs for 30 s.
/// </summary>
[NonParallelizable]
public sealed class FaultRunTests
{
    private string _results = null!;

    [SetUp]
    public void CreateResultsFolder() => _results = Directory.CreateTempSubdirectory("fault-results-").FullName;

    [TearDown]
    public void DeleteResultsFolder() => Directory.Delete(_results, recursive: true);

    [Test]
    [CancelAfter(900_000)]
    public async Task FaultRun_DropsErrorsRateLimitsAndAHang_AllDeliveredNoDuplicateRootEveryReviewRepliedOnce(CancellationToken cancellationToken)
    {
        var report = await RunAsync(new FaultRunOptions { Requests = 1_000, KillAt = null }, cancellationToken);

        var delivery = report.Delivery;
        Assert.Multiple(() =>
        {
            Assert.That(delivery.FullyDelivered, Is.EqualTo(1_000), "requests whose four events reached every tool");
            Assert.That(delivery.DuplicateRoots, Is.Zero, "root objects created twice");
            Assert.That(delivery.MissingRoots, Is.Zero, "(tool, request) pairs without a root object");
            Assert.That(delivery.RepliesExactlyOnce, Is.EqualTo(delivery.ReplySlots), "review replies delivered exactly once");
            Assert.That(Metric(report, "injected 503s"), Is.Positive, "faults were injected");
            Assert.That(Metric(report, "injected 429s"), Is.Positive, "rate limits were injected");
            Assert.That(Metric(report, "watch drops"), Is.GreaterThanOrEqualTo(7));
            Assert.That(Metric(report, "Auth Service calls per delivered step"), Is.Positive);
            Assert.That(report.Result.Metrics.Single(m => m.Name == "Auth Service calls per delivered step").Target, Is.Null, "retries add calls by design");
            Assert.That(Metric(report, "Auth Service calls, UpdatePluginData"), Is.Positive);
        });
    }

    /// <summary>
    /// The same run with the host SIGKILLed and restarted halfway: nothing is lost and nothing is doubled. A step whose
    /// tool call was accepted in the instant before the kill, but not yet confirmed in Teleport, is resumed by the
    /// restarted host once the dead claim turns stale; the adapter, told so (contract 1.2), finds what the lost attempt
    /// created in the tool instead of creating it again.
    /// </summary>
    [Test]
    [CancelAfter(900_000)]
    public async Task FaultRun_HostKilledAndRestartedMidway_NothingLostNoDuplicateRootNoReplyTwice(CancellationToken cancellationToken)
    {
        var report = await RunAsync(new FaultRunOptions { Requests = 1_000 }, cancellationToken);

        var delivery = report.Delivery;
        Assert.Multiple(() =>
        {
            Assert.That(delivery.FullyDelivered, Is.EqualTo(1_000), "requests whose four events reached every tool");
            Assert.That(delivery.MissingRoots, Is.Zero, "(tool, request) pairs without a root object");
            Assert.That(delivery.MissingReplies, Is.Zero, "reviews without a reply");
            Assert.That(delivery.DuplicateRootsPerTool.Where(d => d.Value > 0), Is.Empty, "root objects created twice, per adapter");
            Assert.That(delivery.RepliesExactlyOnce, Is.EqualTo(delivery.ReplySlots), "review replies delivered exactly once");
            Assert.That(Metric(report, "host restart after SIGKILL → ready"), Is.Positive, "the host was killed and restarted");
        });
    }

    private static double Metric(FaultRunReport report, string name) => report.Result.Metrics.Single(m => m.Name == name).Value;

    private async Task<FaultRunReport> RunAsync(FaultRunOptions options, CancellationToken cancellationToken)
    {
        var report = await FaultScenario.RunAsync(options, new RunSettings { ResultsFolder = _results, Progress = TestContext.Progress }, cancellationToken);
        await TestContext.Progress.WriteLineAsync(string.Join("\n", report.Result.Metrics.Select(m => $"  {m.Name}: {m.Value} {m.Unit}")));
        return report;
    }
}
