using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.State;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.State;

public sealed class StepLedgerTests
{
    private static readonly LifecycleStep Created = new(StepKind.Created);

    [Test]
    public async Task Claim_LiveClaimOfAnotherReplica_BusyUntilTtlThenTakenOver()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var request = cluster.Create(SampleRequests.Pending("r1"));
        var a = Ledger(cluster, "a", clock);
        var b = Ledger(cluster, "b", clock);
        LifecycleStep? Plan(RequestRecord record) => StepPlanner.Next(request, false, record, autoApprove: false, announceEnded: true);

        var claimed = await a.ClaimAsync(request.Id, "slack", Created, Plan, null, CancellationToken.None);
        var stored = cluster.PluginData(request.Id, "slack")["tp_claim"];
        clock.Advance(TimeSpan.FromSeconds(4));
        var busy = await b.ClaimAsync(request.Id, "slack", Created, Plan, null, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(6));
        var takeover = await b.ClaimAsync(request.Id, "slack", Created, Plan, null, CancellationToken.None);

        Assert.That(claimed.Outcome, Is.EqualTo(ClaimOutcome.Claimed));
        Assert.That(claimed.Resumed, Is.Null, "a first claim resumes nothing");
        Assert.That(takeover.Resumed, Is.EqualTo(new StepResumption("created", clock.GetUtcNow().AddSeconds(-10))), "the takeover resumes a's unconfirmed attempt");
        Assert.That(stored, Is.EqualTo($"created|a|{clock.GetUtcNow().AddSeconds(-10).ToUnixTimeMilliseconds()}"));
        Assert.That(busy.Outcome, Is.EqualTo(ClaimOutcome.Busy));
        Assert.That(busy.RetryIn, Is.EqualTo(TimeSpan.FromSeconds(6)));
        Assert.That(takeover.Outcome, Is.EqualTo(ClaimOutcome.Claimed));
        Assert.That(await a.ConfirmAsync(request.Id, "slack", claimed.Claim!, Completion(Created), claimed.Record, CancellationToken.None), Is.Null, "a's claim was taken over");
        Assert.That(await b.ConfirmAsync(request.Id, "slack", takeover.Claim!, Completion(Created), takeover.Record, CancellationToken.None), Is.Not.Null);
        var after = await b.ClaimAsync(request.Id, "slack", Created, Plan, null, CancellationToken.None);
        Assert.That(after.Resumed, Is.Null);
        Assert.That(after.Outcome, Is.EqualTo(ClaimOutcome.NotOwed));
        Assert.That(cluster.PluginData(request.Id, "slack"), Does.ContainKey("tp_created").And.Not.ContainKey("tp_claim"));
    }

    [Test]
    public async Task Release_AttemptThatResumedFailsTransiently_EveryRetryStillResumesUntilConfirmed()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var request = cluster.Create(SampleRequests.Pending("r1"));
        var a = Ledger(cluster, "a", clock);
        var b = Ledger(cluster, "b", clock);
        LifecycleStep? Plan(RequestRecord record) => StepPlanner.Next(request, false, record, autoApprove: false, announceEnded: true);
        var lost = await a.ClaimAsync(request.Id, "slack", Created, Plan, null, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(11));

        var takeover = await b.ClaimAsync(request.Id, "slack", Created, Plan, null, CancellationToken.None);
        await b.ReleaseAsync(request.Id, "slack", takeover.Claim!, [new("messages", "C1/1")], takeover.Resumed, takeover.Record, CancellationToken.None);
        var retry = await a.ClaimAsync(request.Id, "slack", Created, Plan, null, CancellationToken.None);
        await a.ReleaseAsync(request.Id, "slack", retry.Claim!, [], retry.Resumed, null, CancellationToken.None);
        var secondRetry = await b.ClaimAsync(request.Id, "slack", Created, Plan, null, CancellationToken.None);
        Assert.That(await b.ConfirmAsync(request.Id, "slack", secondRetry.Claim!, Completion(Created), null, CancellationToken.None), Is.Not.Null);

        var original = new StepResumption("created", lost.Claim!.At);
        Assert.That(takeover.Resumed, Is.EqualTo(original));
        Assert.That(retry.Resumed, Is.EqualTo(original), "a retry after a transient failure, on another replica, still looks in the tool");
        Assert.That(secondRetry.Resumed, Is.EqualTo(original));
        Assert.That(cluster.PluginData(request.Id, "slack"), Does.Not.ContainKey("tp_resumed").And.ContainKey("tp_created"), "cleared on confirm");
        Assert.That(cluster.PluginData(request.Id, "slack")["messages"], Is.EqualTo("C1/1"), "what the failed attempt found is kept");
    }

    [Test]
    public async Task Release_AttemptThatDidNotResume_RetryDoesNotResume()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var request = cluster.Create(SampleRequests.Pending("r1"));
        var a = Ledger(cluster, "a", clock);
        LifecycleStep? Plan(RequestRecord record) => StepPlanner.Next(request, false, record, autoApprove: false, announceEnded: true);

        var first = await a.ClaimAsync(request.Id, "slack", Created, Plan, null, CancellationToken.None);
        await a.ReleaseAsync(request.Id, "slack", first.Claim!, [], first.Resumed, first.Record, CancellationToken.None);
        var retry = await a.ClaimAsync(request.Id, "slack", Created, Plan, null, CancellationToken.None);

        Assert.That(retry.Resumed, Is.Null, "a failure this host observed left a complete state: nothing to look for");
    }

    [Test]
    public void Completion_AdapterChangedHostKeys_Ignored()
    {
        var record = new RequestRecord(new Dictionary<string, string> { ["tp_claim"] = "review:0|a|1", ["reviews_count"] = "0", ["messages"] = "C/1" });
        var completion = new StepCompletion(
            new LifecycleStep(StepKind.ReviewAdded, 0),
            record.ToAdapterState().ToDictionary(),
            new Dictionary<string, string> { ["reviews_count"] = "7", ["resolution"] = "DENIED", ["tp_created"] = "x", ["thread"] = "T" },
            Failed: false);

        var data = completion.Apply(record, DateTimeOffset.UnixEpoch);

        Assert.That(data, Is.EquivalentTo(new Dictionary<string, string> { ["reviews_count"] = "1", ["thread"] = "T" }), "messages removed by the adapter, host keys kept");
    }

    [Test]
    public void Record_LegacyAnchorData_CountsAsCreatedWithItsReviewCount()
    {
        var legacy = new RequestRecord(new Dictionary<string, string> { ["messages"] = "C/1", ["reviews_count"] = "1", ["resolution"] = "" });
        var ours = new RequestRecord(new Dictionary<string, string> { ["tp_claim"] = "created|a|1" });

        Assert.That((legacy.IsLegacy, legacy.IsCreated, legacy.ReviewsCount, legacy.Resolution), Is.EqualTo((true, true, 1, "")));
        Assert.That((ours.IsLegacy, ours.IsCreated), Is.EqualTo((false, false)));
        Assert.That(RequestRecord.Empty.IsCreated, Is.False);
    }

    [Test]
    public async Task Store_ConcurrentIncrementsFromTwoReplicas_NoLostUpdate()
    {
        var cluster = new FakeTeleportCluster();
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        var stores = new[] { Store(cluster.Connect(), TimeProvider.System), Store(cluster.Connect(), TimeProvider.System) };

        await Task.WhenAll(stores.Select(store => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await store.UpdateAsync(id, "counter", null, r => new Dictionary<string, string> { ["n"] = (int.Parse(r.Get("n") is { Length: > 0 } n ? n : "0") + 1).ToString() }, CancellationToken.None);
            }
        })));

        Assert.That(cluster.PluginData(id, "counter")["n"], Is.EqualTo("200"));
    }

    [Test]
    public async Task Store_KeyAddedByAnotherReplicaAfterOurRead_CompareFailsAndWeSeeIt()
    {
        var cluster = new FakeTeleportCluster();
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        var store = Store(cluster.Connect(), TimeProvider.System);
        var seen = new List<string>();

        // Between our read of an empty entry and our write, another replica claims and confirms "created": its
        // tp_claim is gone again, so only expecting the bookkeeping keys as absent catches the change.
        await store.UpdateAsync(id, "slack", null, record =>
        {
            seen.Add(record.Get(HostKeys.Created));
            if (seen.Count == 1)
            {
                cluster.SeedPluginData(id, "slack", new Dictionary<string, string> { ["tp_created"] = "1", ["messages"] = "C/1" });
            }

            return record.IsCreated ? null : new Dictionary<string, string> { ["tp_claim"] = "created|a|1" };
        }, CancellationToken.None);

        Assert.That(seen, Is.EqualTo(new[] { "", "1" }));
        Assert.That(cluster.PluginData(id, "slack"), Does.Not.ContainKey("tp_claim"));
    }

    [Test]
    public async Task Crash_BetweenClaimAndConfirm_NextRunPerformsTheReviewReplyAfterTheClaimTtl()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster { Threshold = 2 };
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        var crashing = new RecordingAdapter("slack") { Hook = (step, _, token) => step == "review:0" ? Task.Delay(Timeout.Infinite, token) : Task.CompletedTask };
        var first = Start(cluster.Connect(), [crashing], clock, replica: "replica-1");
        await WaitUntilAsync(() => crashing.StepsOf(id).Count == 1, "created arrived");
        cluster.Review(id, "bob", AccessRequestState.Approved);
        await WaitUntilAsync(() => cluster.PluginData(id, "slack").GetValueOrDefault("tp_claim", "").StartsWith("review:0|replica-1|", StringComparison.Ordinal), "the reply was claimed");

        await first.DisposeAsync();
        Assert.That(cluster.PluginData(id, "slack")["tp_claim"], Does.StartWith("review:0|replica-1|"), "the crash left the claim");
        var restarted = new RecordingAdapter("slack");
        var metrics = new HostMetrics();
        await using var second = Start(cluster.Connect(), [restarted], clock, replica: "replica-2", metrics: metrics);
        await WaitUntilAsync(() => cluster.ListCalls >= 2, "the new run reconciled");
        Assert.That(restarted.Calls, Is.Zero, "the claim is still live");

        await WaitUntilAsync(() => restarted.StepsOf(id).Count == 1, "the reply was performed after the claim expired", clock, TimeSpan.FromMilliseconds(500));
        Assert.That(restarted.StepsOf(id), Is.EqualTo(new[] { "review:0" }));
        var resumption = restarted.Resumptions.Single();
        Assert.That((resumption.RequestId, resumption.Step, resumption.Resumed.Step), Is.EqualTo((id, "review:0", "review:0")), "the adapter is told to look before replying again");
        Assert.That(metrics.ForAdapter("slack").ResumedSteps(StepKind.ReviewAdded), Is.EqualTo(1), "teleport_plugins_steps_resumed_total counts it");
        await WaitUntilAsync(() => !cluster.PluginData(id, "slack").ContainsKey("tp_claim"), "confirmed", clock);
        Assert.That(cluster.PluginData(id, "slack")["reviews_count"], Is.EqualTo("1"));
    }

    private static StepCompletion Completion(LifecycleStep step) =>
        new(step, new Dictionary<string, string>(), new Dictionary<string, string>(), Failed: false);

    private static PluginDataStore Store(FakeTeleportClient client, TimeProvider time) =>
        new(client, time, NullLogger<PluginDataStore>.Instance);

    private static StepLedger Ledger(FakeTeleportCluster cluster, string replica, TimeProvider time) =>
        new(Store(cluster.Connect(), time), replica, TimeSpan.FromSeconds(10), time, NullLogger<StepLedger>.Instance);
}
