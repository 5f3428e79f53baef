using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.State;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.State;

/// <summary>What the claim protocol costs in Auth Service calls, and that a wrong guess of the record costs one read and no second performance.</summary>
public sealed class StepLedgerCallCountTests
{
    private static readonly LifecycleStep Created = new(StepKind.Created);
    private static readonly LifecycleStep FirstReview = new(StepKind.ReviewAdded, 0);

    [Test]
    public async Task ClaimAndConfirm_FromTheRecordTheLastWriteReturned_OneWriteEachAndNoRead()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster { Threshold = 2 };
        var request = cluster.Create(SampleRequests.Pending("r1"));
        var client = new CountingTeleportClient(cluster.Connect());
        var ledger = Ledger(client, "a", clock);
        var reviewed = cluster.Review(request.Id, "bob", AccessRequestState.Approved);
        LifecycleStep? Plan(RequestRecord record) => StepPlanner.Next(reviewed, false, record, autoApprove: false, announceEnded: true);

        var first = await ledger.ReadAsync(request.Id, "slack", CancellationToken.None);
        var created = await ledger.ClaimAsync(request.Id, "slack", Created, Plan, first, CancellationToken.None);
        var announced = await ledger.ConfirmAsync(request.Id, "slack", created.Claim!, Completion(Created), created.Record, CancellationToken.None);
        var afterCreated = (client.Reads, client.Writes);
        Assert.That(Plan(announced!), Is.EqualTo(FirstReview), "the next step is planned from the confirmed record");
        var review = await ledger.ClaimAsync(request.Id, "slack", FirstReview, Plan, announced, CancellationToken.None);
        var replied = await ledger.ConfirmAsync(request.Id, "slack", review.Claim!, Completion(FirstReview), review.Record, CancellationToken.None);

        Assert.That(afterCreated, Is.EqualTo((1, 2)), "created: the first read, then one write to claim and one to confirm");
        Assert.That((client.Reads, client.Writes), Is.EqualTo((1, 4)), "the review step: one write to claim, one to confirm, no read");
        Assert.That((created.Outcome, review.Outcome), Is.EqualTo((ClaimOutcome.Claimed, ClaimOutcome.Claimed)));
        Assert.That(replied!.Data, Is.EquivalentTo(cluster.PluginData(request.Id, "slack")), "the record returned is the record stored");
        Assert.That(replied.ReviewsCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Claim_KnownRecordStaleBecauseAnotherReplicaConfirmedTheStep_OneReReadThenNotOwed()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var request = cluster.Create(SampleRequests.Pending("r1"));
        var a = Ledger(new CountingTeleportClient(cluster.Connect()), "a", clock);
        var client = new CountingTeleportClient(cluster.Connect());
        var b = Ledger(client, "b", clock);
        LifecycleStep? Plan(RequestRecord record) => StepPlanner.Next(request, false, record, autoApprove: false, announceEnded: true);
        var seenByB = await b.ReadAsync(request.Id, "slack", CancellationToken.None);

        var won = await a.ClaimAsync(request.Id, "slack", Created, Plan, null, CancellationToken.None);
        await a.ConfirmAsync(request.Id, "slack", won.Claim!, Completion(Created), won.Record, CancellationToken.None);
        var lost = await b.ClaimAsync(request.Id, "slack", Created, Plan, seenByB, CancellationToken.None);

        Assert.That(lost.Outcome, Is.EqualTo(ClaimOutcome.NotOwed), "b never performs the step a confirmed");
        Assert.That(lost.Record!.IsCreated, Is.True, "b re-plans from the record it re-read");
        Assert.That((client.Reads, client.Writes, client.FailedWrites), Is.EqualTo((2, 1, 1)), "b's guess failed its compare-and-swap once and cost exactly one read");
        Assert.That(Plan(lost.Record), Is.Null);
    }

    [Test]
    public async Task Confirm_ClaimTakenOverSinceTheClaimWrote_OneReReadAndNothingWritten()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster();
        var request = cluster.Create(SampleRequests.Pending("r1"));
        var client = new CountingTeleportClient(cluster.Connect());
        var a = Ledger(client, "a", clock);
        var b = Ledger(new CountingTeleportClient(cluster.Connect()), "b", clock);
        LifecycleStep? Plan(RequestRecord record) => StepPlanner.Next(request, false, record, autoApprove: false, announceEnded: true);
        var stalled = await a.ClaimAsync(request.Id, "slack", Created, Plan, RequestRecord.Empty, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(11));
        var takeover = await b.ClaimAsync(request.Id, "slack", Created, Plan, null, CancellationToken.None);
        var before = (client.Reads, client.FailedWrites);

        var confirmed = await a.ConfirmAsync(request.Id, "slack", stalled.Claim!, Completion(Created), stalled.Record, CancellationToken.None);
        var released = await a.ReleaseAsync(request.Id, "slack", stalled.Claim!, [new("messages", "C/1")], null, stalled.Record, CancellationToken.None);

        Assert.That(confirmed, Is.Null, "a's claim is gone: its confirm writes nothing");
        Assert.That(released, Is.Null, "nor does its release");
        Assert.That((client.Reads - before.Reads, client.FailedWrites - before.FailedWrites), Is.EqualTo((2, 2)), "each stale write failed once and was followed by exactly one read");
        Assert.That(cluster.PluginData(request.Id, "slack"), Is.EquivalentTo(takeover.Record!.Data), "b's claim stands untouched");
    }

    private static StepCompletion Completion(LifecycleStep step) =>
        new(step, new Dictionary<string, string>(), new Dictionary<string, string> { ["messages"] = "C/1" }, Failed: false);

    private static StepLedger Ledger(CountingTeleportClient client, string replica, TimeProvider time) =>
        new(new PluginDataStore(client, time, NullLogger<PluginDataStore>.Instance), replica, TimeSpan.FromSeconds(10), time, NullLogger<StepLedger>.Instance);
}
