using TeleportPlugins.Load.Scenarios;

namespace TeleportPlugins.Load.Tests.Scenarios;

/// <summary>
/// The reduced fault run (issue 9): 1,000 requests through the real host and all nine adapters while the watch is
/// dropped every 500 events, every fake answers 5% 503 and 2% 429 with Retry-After, one tool hangs for 30 s and the host
/// is SIGKILLed and restarted midway. Nothing may be lost or doubled.
/// </summary>
[NonParallelizable]
public sealed class FaultRunTests
{
    [Test]
    [CancelAfter(900_000)]
    public async Task FaultRun_1000Requests_AllDeliveredNoDuplicateRootEveryReviewRepliedOnce(CancellationToken cancellationToken)
    {
        var results = Directory.CreateTempSubdirectory("fault-results-").FullName;
        try
        {
            var report = await FaultScenario.RunAsync(
                new FaultRunOptions { Requests = 1_000 },
                new RunSettings { ResultsFolder = results, Progress = TestContext.Progress },
                cancellationToken);
            await TestContext.Progress.WriteLineAsync(report.Result.Metrics.Aggregate(string.Empty, (text, m) => $"{text}\n  {m.Name}: {m.Value} {m.Unit}"));

            var delivery = report.Delivery;
            Assert.Multiple(() =>
            {
                Assert.That(delivery.FullyDelivered, Is.EqualTo(1_000), "requests whose four events reached all nine tools");
                Assert.That(delivery.DuplicateRoots, Is.Zero, "root objects created twice");
                Assert.That(delivery.MissingRoots, Is.Zero, "(tool, request) pairs without a root object");
                Assert.That(delivery.RepliesExactlyOnce, Is.EqualTo(delivery.ReplySlots), "review replies delivered exactly once");
                Assert.That(report.Result.Metrics.Single(m => m.Name == "injected 503s").Value, Is.Positive, "faults were injected");
                Assert.That(report.Result.Metrics.Single(m => m.Name == "watch drops").Value, Is.GreaterThanOrEqualTo(7));
            });
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }
}
