using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.State;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.Dispatch;

public sealed class DispatcherTests
{
    [Test]
    public async Task Steps_OneRequestReviewedTwiceThenApproved_ArriveInOrder()
    {
        var cluster = new FakeTeleportCluster { Threshold = 3 };
        var slack = new RecordingAdapter("slack");
        await using var engine = Start(cluster.Connect(), [slack]);
        await WaitUntilAsync(() => cluster.ListCalls > 0, "the engine reconciled");

        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        cluster.Review(id, "bob", AccessRequestState.Approved);
        cluster.Review(id, "carol", AccessRequestState.Denied);
        cluster.Review(id, "dave", AccessRequestState.Approved);
        cluster.Review(id, "erin", AccessRequestState.Approved);
        var expired = cluster.Create(SampleRequests.Pending("r2")).Id;
        await WaitUntilAsync(() => slack.StepsOf(expired).Count == 1, "r2 was announced");
        cluster.Delete(expired);

        await WaitUntilAsync(() => slack.StepsOf(id).Count == 6 && slack.StepsOf(expired).Count == 2, "every step arrived");
        await WaitIdleAsync(engine);
        Assert.That(slack.StepsOf(id), Is.EqualTo(new[] { "created", "review:0", "review:1", "review:2", "review:3", "resolved:Approved" }));
        Assert.That(slack.StepsOf(expired), Is.EqualTo(new[] { "created", "expired" }));
        Assert.That(cluster.PluginData(id, "slack"), Does.ContainKey("messages").And.ContainKey("tp_created"));
        Assert.That(cluster.PluginData(id, "slack")["reviews_count"], Is.EqualTo("4"));
        Assert.That(cluster.PluginData(id, "slack")["resolution"], Is.EqualTo("APPROVED"));
        Assert.That(cluster.PluginData(expired, "slack")["resolution"], Is.EqualTo("EXPIRED"));
        Assert.That(cluster.PluginData(id, "slack"), Does.Not.ContainKey("tp_claim"));
    }

    [Test]
    public async Task Steps_RequestFirstSeenResolved_CreatedThenReviewsThenResolved()
    {
        var cluster = new FakeTeleportCluster();
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        cluster.Review(id, "bob", AccessRequestState.Denied);
        var jira = new RecordingAdapter("jira");

        await using var engine = Start(cluster.Connect(), [jira]);

        await WaitUntilAsync(() => jira.StepsOf(id).Count == 3, "every step arrived");
        Assert.That(jira.StepsOf(id), Is.EqualTo(new[] { "created", "review:0", "resolved:Denied" }));
    }

    [Test]
    public async Task Isolation_OneAdapterThrowsAndAnotherHangs_HealthyAdapterGetsEveryStep()
    {
        var cluster = new FakeTeleportCluster();
        var healthy = new RecordingAdapter("slack");
        var failing = new RecordingAdapter("jira") { Hook = (_, _, _) => throw new TransientAdapterException("jira is down") };
        var hung = new TaskCompletionSource();
        var hanging = new RecordingAdapter("email") { Hook = (_, _, _) => hung.Task };
        await using var engine = Start(cluster.Connect(), [failing, hanging, healthy]);
        await WaitUntilAsync(() => cluster.ListCalls > 0, "the engine reconciled");

        var ids = Enumerable.Range(0, 40).Select(i => cluster.Create(SampleRequests.Pending($"r{i}")).Id).ToList();
        foreach (var id in ids)
        {
            cluster.Review(id, "bob", AccessRequestState.Approved);
        }

        await WaitUntilAsync(() => ids.All(id => healthy.StepsOf(id).Count == 3), "the healthy adapter got every step");
        Assert.That(hung.Task.IsCompleted, Is.False, "the hanging adapter is still stuck");
        Assert.That(hanging.Requests, Is.Empty);
        Assert.That(failing.Requests, Is.Empty);
        Assert.That(failing.Calls, Is.GreaterThan(0));
        hung.SetResult();
    }

    [Test]
    public async Task Retry_429WithRetryAfter_NoRetryBeforeTheDelayAndOneAfter()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var attempts = 0;
        var slack = new RecordingAdapter("slack")
        {
            Hook = (_, _, _) => Interlocked.Increment(ref attempts) == 1
                ? throw new TransientAdapterException("429 Too Many Requests", TimeSpan.FromSeconds(30))
                : Task.CompletedTask,
        };
        await using var engine = Start(cluster.Connect(), [slack], clock);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;

        await WaitUntilAsync(
            () => Volatile.Read(ref attempts) == 1 && !cluster.PluginData(id, "slack").ContainsKey("tp_claim"),
            "the first attempt failed and released its claim",
            clock,
            TimeSpan.FromMilliseconds(1));
        clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(20);
        Assert.That(Volatile.Read(ref attempts), Is.EqualTo(1), "no retry before Retry-After");

        await WaitUntilAsync(() => slack.StepsOf(id).Count == 1, "the retry delivered the step", clock, TimeSpan.FromMilliseconds(100));
        Assert.That(Volatile.Read(ref attempts), Is.EqualTo(2));
    }

    [Test]
    public async Task Retry_AfterPartialProgress_KeepsWhatTheAdapterRecordedSoNothingIsPostedTwice()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var adapter = new PartialProgressAdapter(new TransientAdapterException("429 after the first channel", TimeSpan.FromSeconds(5)));
        await using var engine = new RequestEngine(
            cluster.Connect(),
            [Active(adapter, "slack")],
            _ => new RecordingReviewService(),
            FastWatch(),
            FastDispatch(),
            "replica-1",
            new HostReadiness(),
            clock,
            NullLoggerFactory.Instance);
        engine.Start();
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;

        await WaitUntilAsync(() => cluster.PluginData(id, "slack").ContainsKey("tp_created"), "the retried step is confirmed", clock, TimeSpan.FromMilliseconds(100));

        Assert.That(adapter.Attempts, Is.EqualTo(2));
        Assert.That(adapter.Posts, Is.EqualTo(new[] { "C1", "C2" }), "C1 is not posted again by the retry");
        Assert.That(cluster.PluginData(id, "slack")["messages"], Is.EqualTo("C1,C2"));
        Assert.That(cluster.PluginData(id, "slack").ContainsKey("tp_retrying"), Is.False, "cleared by the confirm");
    }

    [Test]
    public async Task Failure_PermanentAfterPartialProgress_WhatWasPostedIsKept()
    {
        var cluster = new FakeTeleportCluster();
        var adapter = new PartialProgressAdapter(new PermanentAdapterException("403 on the second channel"));
        await using var engine = StartOne(cluster.Connect(), adapter, "slack", _ => new RecordingReviewService());
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;

        await WaitUntilAsync(() => cluster.PluginData(id, "slack").ContainsKey("tp_failed"), "the step is recorded as failed");

        Assert.That(cluster.PluginData(id, "slack")["messages"], Is.EqualTo("C1"));
        Assert.That(adapter.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task Failure_Permanent4xx_NotRetriedRecordedAndLaterStepsSkipped()
    {
        var cluster = new FakeTeleportCluster();
        var logs = new RecordingLoggerProvider();
        var jira = new RecordingAdapter("jira") { Hook = (step, _, _) => step == "created" ? throw new HttpRequestException("forbidden", null, HttpStatusCode.Forbidden) : Task.CompletedTask };
        await using var engine = Start(cluster.Connect(), [jira], logs: logs);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        await WaitUntilAsync(() => cluster.PluginData(id, "jira").ContainsKey("tp_failed"), "the failure was recorded");
        cluster.Review(id, "bob", AccessRequestState.Approved);
        await WaitUntilAsync(() => cluster.ListCalls > 0, "reconciled");
        await WaitIdleAsync(engine);

        Assert.That(jira.Calls, Is.EqualTo(1), "not retried, and later steps skipped");
        Assert.That(cluster.PluginData(id, "jira")["tp_failed"], Is.EqualTo("created"));
        Assert.That(logs.Lines.Count(l => l.Level == LogLevel.Error), Is.EqualTo(1));
        Assert.That(logs.Messages(LogLevel.Error).Single(), Does.Contain("jira").And.Contain(id).And.Contain("created").And.Contain("forbidden"));
    }

    [Test]
    public async Task Failure_TransientUntilMaxAge_RecordedFailedWithOneLogEventAndResolutionStillDelivered()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var logs = new RecordingLoggerProvider();
        var slack = new RecordingAdapter("slack") { Hook = (step, _, _) => step == "review:0" ? throw new HttpRequestException("bad gateway", null, HttpStatusCode.BadGateway) : Task.CompletedTask };
        var options = FastDispatch();
        options.MaxRetryAge = TimeSpan.FromMinutes(10);
        options.RetryMax = TimeSpan.FromMinutes(1);
        options.CallTimeout = TimeSpan.FromMinutes(1);
        options.ClaimTtl = TimeSpan.FromMinutes(2);
        await using var engine = Start(cluster.Connect(), [slack], clock, options, logs: logs);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        cluster.Review(id, "bob", AccessRequestState.Approved);

        await WaitUntilAsync(() => slack.StepsOf(id).Count == 2, "created and resolved arrived", clock, TimeSpan.FromSeconds(5));
        Assert.That(slack.StepsOf(id), Is.EqualTo(new[] { "created", "resolved:Approved" }));
        Assert.That(slack.Calls, Is.GreaterThan(3), "the review reply was retried");
        Assert.That(cluster.PluginData(id, "slack")["tp_failed"], Is.EqualTo("review:0"));
        Assert.That(logs.Lines.Where(l => l.Level == LogLevel.Error).Select(l => l.Message), Has.Exactly(1).Contains("review:0").And.Contains(id).And.Contains("slack"));
    }

    [Test]
    public async Task LegacyAnchorData_MessagesAndOneReviewDone_UpdatedNotReannounced()
    {
        var cluster = new FakeTeleportCluster { Threshold = 2 };
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        cluster.Review(id, "bob", AccessRequestState.Approved);
        cluster.SeedPluginData(id, "slack", new Dictionary<string, string> { ["messages"] = "C1/1700000000.1", ["reviews_count"] = "1", ["user"] = "alice" });
        cluster.Review(id, "carol", AccessRequestState.Approved);
        string? seenMessages = null;
        string? seenReviewsCount = "unset";
        var probe = new RecordingAdapter("slack") { StateHook = state => (seenMessages, seenReviewsCount) = (state.Get("messages"), state.Get("reviews_count")) };

        await using var engine = Start(cluster.Connect(), [probe]);

        await WaitUntilAsync(() => probe.StepsOf(id).Count == 2, "the remaining steps arrived");
        Assert.That(probe.StepsOf(id), Is.EqualTo(new[] { "review:1", "resolved:Approved" }));
        Assert.That(seenMessages, Is.EqualTo("C1/1700000000.1"));
        Assert.That(seenReviewsCount, Is.Null, "host keys are not shown to the adapter");
        Assert.That(cluster.PluginData(id, "slack")["resolution"], Is.EqualTo("APPROVED"));
    }

    [Test]
    public async Task AdapterState_AdapterTriesToWriteHostKeys_HostBookkeepingWins()
    {
        var cluster = new FakeTeleportCluster();
        var probe = new RecordingAdapter("slack")
        {
            StateHook = state =>
            {
                state.Set("reviews_count", "99");
                state.Set("resolution", "DENIED");
                state.Set("ticket", "T-1");
            },
        };
        await using var engine = Start(cluster.Connect(), [probe]);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;

        await WaitUntilAsync(() => cluster.PluginData(id, "slack").ContainsKey("tp_created"), "created was confirmed");
        var data = cluster.PluginData(id, "slack");
        Assert.That(data["ticket"], Is.EqualTo("T-1"));
        Assert.That(data, Does.Not.ContainKey("reviews_count").And.Not.ContainKey("resolution"));
        Assert.That(() => new AdapterRequestState().Set(HostKeys.Claim, "x"), Throws.ArgumentException);
    }

    [Test]
    public async Task AutoApproval_OnCallAdapter_OneApprovingReviewEvenWhenEventsRepeat()
    {
        var cluster = new FakeTeleportCluster();
        var pagerduty = new OnCallAdapter("pagerduty");
        var options = FastDispatch();
        options.AutoApprove = ["pagerduty"];
        var client = cluster.Connect("teleport-plugins");
        await using var engine = Start(client, [pagerduty], dispatch: options);
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;

        await WaitUntilAsync(() => pagerduty.StepsOf(id).Count == 3, "created, the auto review's reply and the resolution arrived");
        cluster.DropStreams();
        await WaitUntilAsync(() => cluster.ListCalls > 1, "reconciled again");
        await WaitIdleAsync(engine);

        Assert.That(pagerduty.StepsOf(id), Is.EqualTo(new[] { "created", "review:0", "resolved:Approved" }));
        Assert.That(pagerduty.Evaluations, Is.EqualTo(1));
        var review = (await client.ListAllAsync(CancellationToken.None)).Single().Reviews.Single();
        Assert.That(review.Author, Is.EqualTo("teleport-plugins"));
        Assert.That(review.Reason, Does.Contain("pagerduty").And.Contain("alice is on call for db"));
        Assert.That(cluster.PluginData(id, "pagerduty")["tp_auto_review"], Is.EqualTo("approved"));
    }
}
