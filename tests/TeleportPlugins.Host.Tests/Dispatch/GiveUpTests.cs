using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.State;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.Dispatch;

/// <summary>No step is dropped in silence: ended requests are still announced, and a step given up is said so.</summary>
public sealed class GiveUpTests
{
    [Test]
    public async Task CreatedStep_TransientUntilRequestExpired_AnnouncedOnceThenMarkedExpired()
    {
        var (clock, cluster, slack, jira) = Setup();
        await using var engine = Start(cluster.Connect(), [slack, jira], clock);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        await WaitForRetriesAsync(cluster, slack, id, clock);

        cluster.Delete(id);
        await WaitUntilAsync(() => jira.StepsOf(id).Contains("expired"), "the deletion reached every worker");
        await WaitUntilAsync(() => slack.StepsOf(id).Count == 2, "slack caught up", clock, TimeSpan.FromSeconds(5));
        await WaitIdleAsync(engine);

        Assert.That(slack.StepsOf(id), Is.EqualTo(new[] { "created", "expired" }), "announced once, then updated to its final state");
        Assert.That(cluster.PluginData(id, "slack")["resolution"], Is.EqualTo("EXPIRED"));
    }

    [Test]
    public async Task CreatedStep_RequestDeletedBeforeAnyPluginData_AnnouncedFromTheLastSnapshot()
    {
        var cluster = new FakeTeleportCluster();
        var busy = new TaskCompletionSource();
        var slack = new RecordingAdapter("slack") { Hook = (_, id, _) => id == "r1" ? busy.Task : Task.CompletedTask };
        var options = FastDispatch();
        options.ConcurrencyPerAdapter = 1;
        await using var engine = Start(cluster.Connect(), [slack], dispatch: options);
        await WaitUntilAsync(() => cluster.ListCalls > 0, "the engine reconciled");
        cluster.Create(SampleRequests.Pending("r1"));
        await WaitUntilAsync(() => slack.Calls == 1, "the only consumer is busy with r1");

        var id = cluster.Create(SampleRequests.Pending("r2")).Id;
        cluster.Delete(id);
        busy.SetResult();
        await WaitUntilAsync(() => slack.StepsOf(id).Count == 2, "r2 was delivered");
        await WaitIdleAsync(engine);

        Assert.That(slack.StepsOf(id), Is.EqualTo(new[] { "created", "expired" }));
        Assert.That(cluster.PluginData(id, "slack"), Is.Empty, "Teleport kept nothing for the deleted request");
    }

    [Test]
    public async Task CreatedStep_AnnounceEndedRequestsOff_NotAnnouncedButLogged()
    {
        var (clock, cluster, slack, jira) = Setup();
        var logs = new RecordingLoggerProvider();
        var options = FastDispatch();
        options.AnnounceEndedRequests = false;
        await using var engine = Start(cluster.Connect(), [slack, jira], clock, options, logs: logs);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        await WaitForRetriesAsync(cluster, slack, id, clock);

        cluster.Delete(id);
        await WaitUntilAsync(() => jira.StepsOf(id).Contains("expired"), "the deletion reached every worker");
        await WaitUntilAsync(() => logs.Messages().Any(m => m.Contains("announce_ended_requests", StringComparison.Ordinal)), "the skip was logged", clock, TimeSpan.FromSeconds(5));
        await WaitIdleAsync(engine);

        Assert.That(slack.StepsOf(id), Is.Empty);
        Assert.That(logs.Messages(LogLevel.Information), Has.Exactly(1).Contains("slack").And.Contains(id).And.Contains("announce_ended_requests is off"));
    }

    [Test]
    public async Task Failure_Permanent_ErrorLineFailedMetricAndReadyzNoteWithoutUnreadiness()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var logs = new RecordingLoggerProvider();
        var metrics = new HostMetrics(new GivenUpSteps(clock));
        var readiness = new HostReadiness(metrics.GivenUp);
        readiness.TrackAdapters(() => [new AdapterStatus("slack", AdapterState.Serving, clock.GetUtcNow(), 0, null, null)]);
        var slack = new RecordingAdapter("slack") { Hook = (step, _, _) => step == "created" ? throw new PermanentAdapterException("channel_not_found") : Task.CompletedTask };
        await using var engine = Start(cluster.Connect(), [slack], clock, readiness: readiness, logs: logs, metrics: metrics);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;

        await WaitUntilAsync(() => cluster.PluginData(id, "slack").ContainsKey("tp_failed"), "the failure was recorded");
        var report = readiness.Check();

        Assert.That(logs.Messages(LogLevel.Error).Single(), Does.Contain("slack").And.Contain(id).And.Contain("created").And.Contain("channel_not_found"));
        Assert.That(metrics.ForAdapter("slack").Steps(StepKind.Created, StepOutcome.Failed), Is.EqualTo(1));
        Assert.That(report.IsReady, Is.True);
        Assert.That(report.Notes, Is.EqualTo(new[] { $"slack: 1 step given up in the last hour: request {id} created (a permanent failure: PermanentAdapterException: channel_not_found)" }));

        clock.Advance(GivenUpSteps.Window);
        Assert.That(readiness.Check().Notes, Is.Empty, "an hour later the note is gone");
    }

    [Test]
    public async Task Stop_DeletedRequestStillOwingItsAnnouncement_ErrorLineAndFailedMetric()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var logs = new RecordingLoggerProvider();
        var metrics = new HostMetrics(new GivenUpSteps(clock));
        var slack = new RecordingAdapter("slack") { Hook = (step, _, _) => throw new TransientAdapterException("ratelimited", TimeSpan.FromMinutes(5)) };
        var jira = new RecordingAdapter("jira");
        await using var engine = Start(cluster.Connect(), [slack, jira], clock, logs: logs, metrics: metrics);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        await WaitUntilAsync(() => slack.Calls == 1 && cluster.PluginData(id, "slack").ContainsKey("tp_retrying"), "the first attempt failed");
        cluster.Delete(id);
        await WaitUntilAsync(() => jira.StepsOf(id).Contains("expired"), "the deletion reached every worker");

        await engine.StopAsync(CancellationToken.None);

        Assert.That(logs.Messages(LogLevel.Error).Single(), Does.Contain("slack").And.Contain(id).And.Contain("created").And.Contain("a restart cannot recover it"));
        Assert.That(metrics.ForAdapter("slack").Steps(StepKind.Created, StepOutcome.Failed), Is.EqualTo(1));
        Assert.That(metrics.GivenUp.Describe().Single(), Does.StartWith($"slack: 1 step given up in the last hour: request {id} created"));
    }

    private static (FakeTimeProvider Clock, FakeTeleportCluster Cluster, RecordingAdapter Slack, RecordingAdapter Jira) Setup()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();

        // Slack answers 429 for the announcement while the request exists in Teleport, as in the issue: it ends first.
        var slack = new RecordingAdapter("slack")
        {
            Hook = (step, id, _) => step == "created" && cluster.List().Any(r => r.Id == id)
                ? throw new TransientAdapterException("429 ratelimited", TimeSpan.FromSeconds(22))
                : Task.CompletedTask,
        };
        return (clock, cluster, slack, new RecordingAdapter("jira"));
    }

    private static Task WaitForRetriesAsync(FakeTeleportCluster cluster, RecordingAdapter slack, string id, FakeTimeProvider clock) =>
        WaitUntilAsync(
            () => slack.Calls >= 3 && cluster.PluginData(id, "slack") is var data && data.ContainsKey("tp_retrying") && !data.ContainsKey("tp_claim"),
            "slack failed several times and waits to retry",
            clock,
            TimeSpan.FromSeconds(1));
}
