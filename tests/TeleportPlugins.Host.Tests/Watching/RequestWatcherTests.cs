using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Host.Watching;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.Watching;

public sealed class RequestWatcherTests
{
    [Test]
    public async Task Start_InitNotWithinBound_StreamReopenedAndReadyOnlyAfterInit()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster { SendInit = false };
        var readiness = new HostReadiness();
        readiness.TrackAdapters(() => [new AdapterStatus("slack", AdapterState.Serving, clock.GetUtcNow(), 0, null, null)]);
        await using var engine = Start(cluster.Connect(), [new RecordingAdapter("slack")], clock, readiness: readiness);

        await WaitUntilAsync(() => cluster.StreamsOpened == 1 && clock.ActiveTimers > 0, "the first stream waits for INIT");
        clock.Advance(TimeSpan.FromSeconds(14));
        await Task.Delay(20);
        Assert.That(cluster.StreamsOpened, Is.EqualTo(1), "still within the bound");
        Assert.That(readiness.Check().IsReady, Is.False);

        cluster.SendInit = true;
        await WaitUntilAsync(() => cluster.StreamsOpened == 2, "the stream was re-opened after the bound", clock, TimeSpan.FromMilliseconds(100));
        await WaitUntilAsync(() => readiness.Check().IsReady, "INIT arrived on the new stream");
        Assert.That(readiness.Check().Reasons, Is.Empty);
    }

    [Test]
    public async Task Start_InitArrivedButListingNotHandedOn_ReadyOnlyAfterItsFirstPage()
    {
        var clock = new FakeTimeProvider();
        var listing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cluster = new FakeTeleportCluster { ListingGate = listing.Task };
        var readiness = new HostReadiness();
        readiness.TrackAdapters(() => [new AdapterStatus("slack", AdapterState.Serving, clock.GetUtcNow(), 0, null, null)]);
        await using var engine = Start(cluster.Connect(), [new RecordingAdapter("slack")], clock, readiness: readiness);

        await WaitUntilAsync(() => cluster.StreamsOpened == 1, "the stream is open and its INIT sent");
        await Task.Delay(50);
        Assert.That(readiness.Check().IsReady, Is.False, "a request created now could still land in the listing and be taken for a listed one");

        listing.SetResult();
        await WaitUntilAsync(() => readiness.Check().IsReady, "ready once the listing's first page is handed on");
    }

    [Test]
    public async Task Start_RequestsChangedWhileStopped_DeliveredByReconcile()
    {
        var cluster = new FakeTeleportCluster { Threshold = 2 };
        var reviewed = cluster.Create(SampleRequests.Pending("reviewed")).Id;
        var approved = cluster.Create(SampleRequests.Pending("approved")).Id;
        var slack = new RecordingAdapter("slack");
        await using (var first = Start(cluster.Connect(), [slack]))
        {
            await WaitUntilAsync(() => slack.StepsOf(reviewed).Count == 1 && slack.StepsOf(approved).Count == 1, "both were announced");
            await first.StopAsync(CancellationToken.None);
        }

        var created = cluster.Create(SampleRequests.Pending("created")).Id;
        cluster.Review(reviewed, "bob", AccessRequestState.Approved);
        cluster.Resolve(approved, AccessRequestState.Approved);

        await using var second = Start(cluster.Connect(), [slack]);
        await WaitUntilAsync(() => slack.StepsOf(created).Count == 1 && slack.StepsOf(reviewed).Count == 2 && slack.StepsOf(approved).Count == 2, "the changes arrived");
        await WaitIdleAsync(second);
        Assert.That(slack.StepsOf(created), Is.EqualTo(new[] { "created" }));
        Assert.That(slack.StepsOf(reviewed), Is.EqualTo(new[] { "created", "review:0" }));
        Assert.That(slack.StepsOf(approved), Is.EqualTo(new[] { "created", "resolved:Approved" }));
    }

    [Test]
    public async Task Stream_DroppedRepeatedlyDuringBurstOf200_EveryStepExactlyOnce()
    {
        var cluster = new FakeTeleportCluster();
        var slack = new RecordingAdapter("slack");
        await using var engine = Start(cluster.Connect(), [slack]);
        await WaitUntilAsync(() => cluster.ListCalls > 0, "the engine reconciled");

        var ids = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            ids.Add(cluster.Create(SampleRequests.Pending($"r{i:000}")).Id);
            if (i % 2 == 0)
            {
                cluster.Review(ids[^1], "bob", i % 4 == 0 ? AccessRequestState.Approved : AccessRequestState.Denied);
            }

            if (i % 17 == 0)
            {
                var opened = cluster.StreamsOpened;
                cluster.DropStreams();
                await WaitUntilAsync(() => cluster.StreamsOpened > opened, "the stream was re-opened");
            }
        }

        await WaitUntilAsync(() => ids.Select((id, i) => slack.StepsOf(id).Count == (i % 2 == 0 ? 3 : 1)).All(x => x), "every step arrived");
        await WaitIdleAsync(engine);
        Assert.That(cluster.StreamsOpened, Is.GreaterThan(10));
        for (var i = 0; i < ids.Count; i++)
        {
            string[] expected = i % 2 != 0 ? ["created"] : ["created", "review:0", i % 4 == 0 ? "resolved:Approved" : "resolved:Denied"];
            Assert.That(slack.StepsOf(ids[i]), Is.EqualTo(expected), ids[i]);
        }
    }

    [Test]
    public async Task Handler_SinkThrowsForOneRequest_WatchGoesOn()
    {
        var cluster = new FakeTeleportCluster();
        var sink = new ThrowingSink("bad");
        var watcher = new RequestWatcher(cluster.Connect(), sink, new SnapshotCache(10), FastWatch(), new HostReadiness(), new HostMetrics(), TimeProvider.System, NullLogger<RequestWatcher>.Instance);
        using var stop = new CancellationTokenSource();
        var run = watcher.RunAsync(stop.Token);
        await WaitUntilAsync(() => cluster.ListCalls > 0, "the watch initialized");

        cluster.Create(SampleRequests.Pending("bad"));
        cluster.Create(SampleRequests.Pending("good"));

        await WaitUntilAsync(() => sink.Seen.Contains("good"), "the event after the failing one was handled");
        Assert.That(cluster.StreamsOpened, Is.EqualTo(1), "the failure did not break the stream");
        await stop.CancelAsync();
        await run;
    }

    [Test]
    public void SnapshotCache_OverCapacity_ForgetsLeastRecentAndKeepsMostAdvanced()
    {
        var cache = new SnapshotCache(2);
        var a = SampleRequests.Pending("a");
        cache.Put(SampleRequests.Reviewed(a, "bob", AccessRequestState.Approved));
        cache.Put(a);
        cache.Put(SampleRequests.Pending("b"));
        cache.Put(SampleRequests.Pending("c"));

        Assert.That(cache.TryRemove("a", out _), Is.False);
        Assert.That(cache.TryRemove("b", out _), Is.True);
        cache.Put(SampleRequests.Reviewed(SampleRequests.Pending("d"), "bob", AccessRequestState.Approved));
        cache.Put(SampleRequests.Pending("d"));
        Assert.That(cache.TryRemove("d", out var d) ? d.Reviews.Count : -1, Is.EqualTo(1));
    }

    private sealed class ThrowingSink(string badId) : IRequestSink
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Seen { get; } = [];

        public void Submit(AccessRequestSnapshot request, bool deleted, bool fresh)
        {
            if (request.Id == badId)
            {
                throw new InvalidOperationException("handler bug");
            }

            Seen.Add(request.Id);
        }

        public void SubmitListed(AccessRequestSnapshot request, bool deleted) => Submit(request, deleted, fresh: false);

        public Task WaitForListingRoomAsync(int held, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
