using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.Reviews;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.State;
using TeleportPlugins.Host.Tests.State;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.Dispatch;

/// <summary>Auth Service calls per delivered step through the real worker: each event of a request, one pass each.</summary>
public sealed class CallsPerStepTests
{
    [Test]
    public async Task Dispatch_NewRequestCreatedReviewedResolved_EveryStepOneWriteToClaimOneToConfirmNoRead()
    {
        var cluster = new FakeTeleportCluster { Threshold = 2 };
        var client = new CountingTeleportClient(cluster.Connect());
        var slack = new RecordingAdapter("slack");
        await using var dispatcher = Dispatch(client, slack);
        var request = cluster.Create(New("r1"));

        var created = await DeliverAsync(dispatcher, client, slack, request, deliveredSoFar: 1);
        var review = await DeliverAsync(dispatcher, client, slack, cluster.Review(request.Id, "bob", AccessRequestState.Approved), deliveredSoFar: 2);
        var resolved = await DeliverAsync(dispatcher, client, slack, cluster.Resolve(request.Id, AccessRequestState.Denied), deliveredSoFar: 3);

        Assert.That(slack.StepsOf(request.Id), Is.EqualTo(new[] { "created", "review:0", "resolved:Denied" }));
        Assert.That(created, Is.EqualTo((0, 2)), "created after the host started: claimed expecting an empty entry, no read");
        Assert.That(review, Is.EqualTo((0, 2)), "the review's pass plans and claims from the record the created step confirmed");
        Assert.That(resolved, Is.EqualTo((0, 2)));
        Assert.That(client.FailedWrites, Is.Zero);
    }

    [Test]
    public async Task Dispatch_RequestOlderThanTheHostThenReviewed_OneReadForItsFirstStepOnly()
    {
        var cluster = new FakeTeleportCluster { Threshold = 2 };
        var client = new CountingTeleportClient(cluster.Connect());
        var slack = new RecordingAdapter("slack");
        await using var dispatcher = Dispatch(client, slack);
        var request = cluster.Create(SampleRequests.Pending("r1"));

        var created = await DeliverAsync(dispatcher, client, slack, request, deliveredSoFar: 1);
        var review = await DeliverAsync(dispatcher, client, slack, cluster.Review(request.Id, "bob", AccessRequestState.Approved), deliveredSoFar: 2);

        Assert.That(created, Is.EqualTo((1, 2)), "a request from before the start may hold any entry: read first");
        Assert.That(review, Is.EqualTo((0, 2)));
    }

    [Test]
    public async Task Watch_RequestFirstSeenLiveAfterInit_FirstStepWithoutARead_ListedOneRead()
    {
        // Both carry a creation time from before the host started: only the watch can tell the second is new.
        var cluster = new FakeTeleportCluster();
        var listed = cluster.Create(SampleRequests.Pending("listed")).Id;
        var fake = cluster.Connect();
        var client = new CountingTeleportClient(fake);
        var slack = new RecordingAdapter("slack");
        await using var engine = StartOne(client, slack, slack.Name, name => new TeleportReviewService(client, name, fake.User, NullLogger<TeleportReviewService>.Instance));
        await WaitUntilAsync(() => slack.StepsOf(listed).Count == 1, "the listed request was announced");
        await WaitIdleAsync(engine);
        var readsForListed = client.Reads;

        var live = cluster.Create(SampleRequests.Pending("live")).Id;
        await WaitUntilAsync(() => slack.StepsOf(live).Count == 1, "the live request was announced");
        await WaitIdleAsync(engine);

        Assert.That(readsForListed, Is.EqualTo(1), "in the listing after INIT: it may carry any entry, read first");
        Assert.That(client.Reads - readsForListed, Is.Zero, "first seen in a live event after the listing: created since, claimed expecting an empty entry");
        Assert.That(client.FailedWrites, Is.Zero);
    }

    [Test]
    public async Task Dispatch_RequestOlderThanTheHostWithAnAnchorEntry_ReadAndNotAnnouncedAgain()
    {
        var cluster = new FakeTeleportCluster { Threshold = 2 };
        var client = new CountingTeleportClient(cluster.Connect());
        var slack = new RecordingAdapter("slack");
        await using var dispatcher = Dispatch(client, slack);
        var request = cluster.Create(SampleRequests.Pending("r1"));

        // Teleport's own Slack plugin announced it before the migration: its entry has none of the host's keys, which an
        // expectation of an empty entry would not notice.
        cluster.SeedPluginData(request.Id, "slack", new Dictionary<string, string> { ["user"] = "alice@example.com", ["messages"] = "C1/1" });
        var review = await DeliverAsync(dispatcher, client, slack, cluster.Review(request.Id, "bob", AccessRequestState.Approved), deliveredSoFar: 1);

        Assert.That(slack.StepsOf(request.Id), Is.EqualTo(new[] { "review:0" }), "updated, not announced again");
        Assert.That(review.Reads, Is.EqualTo(1));
    }

    [Test]
    public async Task Dispatch_NewRequestAnotherReplicaAnnouncedFirst_FailedGuessOneReadNoSecondAnnouncement()
    {
        var cluster = new FakeTeleportCluster();
        var client = new CountingTeleportClient(cluster.Connect());
        var slack = new RecordingAdapter("slack");
        await using var dispatcher = Dispatch(client, slack);
        var request = cluster.Create(New("r1"));
        await OtherReplicaPerformsAsync(cluster, request, new LifecycleStep(StepKind.Created));
        var announced = cluster.PluginData(request.Id, "slack");

        var pass = await DeliverAsync(dispatcher, client, slack, request, deliveredSoFar: 0);

        Assert.That(slack.StepsOf(request.Id), Is.Empty, "replica b announced it");
        Assert.That((pass, client.FailedWrites), Is.EqualTo(((1, 1), 1)), "the claim from a guessed empty entry failed once, then one read showed it done");
        Assert.That(cluster.PluginData(request.Id, "slack"), Is.EquivalentTo(announced));
    }

    [Test]
    public async Task Dispatch_AnotherReplicaRepliedToTheReviewMeanwhile_OneReReadThenOnlyTheNextReview()
    {
        var cluster = new FakeTeleportCluster { Threshold = 3 };
        var client = new CountingTeleportClient(cluster.Connect());
        var slack = new RecordingAdapter("slack");
        await using var dispatcher = Dispatch(client, slack);
        var request = cluster.Create(New("r1"));
        await DeliverAsync(dispatcher, client, slack, request, deliveredSoFar: 1);

        // Replica b replies to the first review before this replica hears of it: this replica's record is now stale.
        await OtherReplicaPerformsAsync(cluster, cluster.Review(request.Id, "bob", AccessRequestState.Approved), new LifecycleStep(StepKind.ReviewAdded, 0));
        var failedBefore = client.FailedWrites;

        var second = await DeliverAsync(dispatcher, client, slack, cluster.Review(request.Id, "carol", AccessRequestState.Approved), deliveredSoFar: 2);

        Assert.That(slack.StepsOf(request.Id), Is.EqualTo(new[] { "created", "review:1" }), "review:0 is not performed a second time");
        Assert.That(client.FailedWrites - failedBefore, Is.EqualTo(1), "the claim from the stale record failed once");
        Assert.That(second, Is.EqualTo((1, 3)), "one re-read, then the failed claim, the claim and the confirm of review:1");
        Assert.That(cluster.PluginData(request.Id, "slack")["reviews_count"], Is.EqualTo("2"));
    }

    [Test]
    public async Task Dispatch_TransientFailureThenSuccess_RetryClaimsFromTheReleasedRecordWithoutARead()
    {
        var cluster = new FakeTeleportCluster();
        var client = new CountingTeleportClient(cluster.Connect());
        var failures = 0;
        var slack = new RecordingAdapter("slack")
        {
            Hook = (_, _, _) => Interlocked.Increment(ref failures) == 1 ? throw new TransientAdapterException("slack is down") : Task.CompletedTask,
        };
        await using var dispatcher = Dispatch(client, slack);
        var request = cluster.Create(New("r1"));

        var created = await DeliverAsync(dispatcher, client, slack, request, deliveredSoFar: 1);

        Assert.That(slack.Calls, Is.EqualTo(2), "failed once, then succeeded");
        Assert.That(created, Is.EqualTo((0, 4)), "claim, release, claim from the released record, confirm");
        Assert.That(client.FailedWrites, Is.Zero);
        Assert.That(cluster.PluginData(request.Id, "slack"), Does.ContainKey("tp_created").And.Not.ContainKey("tp_retrying"));
    }

    /// <summary>A request created after the dispatcher started (Teleport's clock a little ahead, as it may be).</summary>
    private static AccessRequestSnapshot New(string id) => SampleRequests.Pending(id) with { Created = DateTimeOffset.UtcNow.AddMinutes(10) };

    /// <summary>Replica b claims and confirms <paramref name="step"/> through its own ledger.</summary>
    private static async Task OtherReplicaPerformsAsync(FakeTeleportCluster cluster, AccessRequestSnapshot request, LifecycleStep step)
    {
        var time = TimeProvider.System;
        var other = new StepLedger(new PluginDataStore(cluster.Connect(), time, NullLogger<PluginDataStore>.Instance), "replica-b", FastDispatch().ClaimTtl, time, NullLogger<StepLedger>.Instance);
        var claim = await other.ClaimAsync(request.Id, "slack", step, r => StepPlanner.Next(request, false, r, false, true), null, CancellationToken.None);
        var done = new StepCompletion(step, new Dictionary<string, string>(), new Dictionary<string, string> { ["messages"] = "C2/2" }, Failed: false);
        Assert.That(await other.ConfirmAsync(request.Id, "slack", claim.Claim!, done, claim.Record, CancellationToken.None), Is.Not.Null);
    }

    private static Host.Dispatch.Dispatcher Dispatch(CountingTeleportClient client, RecordingAdapter adapter)
    {
        var time = TimeProvider.System;
        var options = FastDispatch();
        var ledger = new StepLedger(new PluginDataStore(client, time, NullLogger<PluginDataStore>.Instance), "replica-a", options.ClaimTtl, time, NullLogger<StepLedger>.Instance);
        var dispatcher = new Host.Dispatch.Dispatcher([Active(adapter, adapter.Name)], _ => new NotConnectedReviewService(), ledger, options, time, NullLoggerFactory.Instance);
        dispatcher.Start();
        return dispatcher;
    }

    /// <summary>Submits the snapshot as the watcher would and waits for its pass to end; returns the reads and writes it cost.</summary>
    private static async Task<(int Reads, int Writes)> DeliverAsync(
        Host.Dispatch.Dispatcher dispatcher, CountingTeleportClient client, RecordingAdapter adapter, AccessRequestSnapshot request, int deliveredSoFar)
    {
        var (reads, writes) = (client.Reads, client.Writes);
        dispatcher.Submit(request, deleted: false, fresh: false);
        await WaitUntilAsync(() => adapter.StepsOf(request.Id).Count >= deliveredSoFar && dispatcher.IsIdle, $"{request.Id} was delivered");
        return (client.Reads - reads, client.Writes - writes);
    }
}
