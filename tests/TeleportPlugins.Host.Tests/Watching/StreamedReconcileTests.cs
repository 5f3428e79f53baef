using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Host.Watching;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.Watching;

/// <summary>The reconcile after an INIT, listed page by page as the adapters make room, next to the live events.</summary>
public sealed class StreamedReconcileTests
{
    private const int Listed = 20_000;
    private const int PageSize = 100;

    [Test]
    public async Task Reconcile_20000ListedWhileAdaptersBlock_HeldRequestsStayWithinTwoPagesAndEveryStepArrives()
    {
        var cluster = ClusterWithOldRequests();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slack = new RecordingAdapter("slack") { Hook = (_, _, ct) => gate.Task.WaitAsync(ct) };
        var jira = new RecordingAdapter("jira") { Hook = (_, _, ct) => gate.Task.WaitAsync(ct) };
        RequestEngine? engine = null;
        var mostHeldWhenAPageWasRead = 0;
        cluster.OnPageServed = _ => mostHeldWhenAPageWasRead = Math.Max(mostHeldWhenAPageWasRead, engine?.HeldRequests ?? 0);
        await using (engine = Start(cluster.Connect(), [slack, jira]))
        {
            await WaitUntilAsync(() => engine.HeldRequests == 2 * PageSize, "two pages were handed on");
            await Task.Delay(50);
            Assert.That(cluster.PagesServed, Is.EqualTo(2), "no third page while the adapters hold two pages' worth, none passed");
            Assert.That(engine.HeldRequests, Is.EqualTo(2 * PageSize));

            gate.SetResult();
            await WaitUntilAsync(() => slack.Requests.Count == Listed && jira.Requests.Count == Listed, "every listed request was announced by both");
            await WaitIdleAsync(engine);
        }

        Assert.That(cluster.PagesServed, Is.EqualTo(Listed / PageSize), "each page read once");
        Assert.That(mostHeldWhenAPageWasRead, Is.LessThanOrEqualTo(PageSize), "a page is read only when at most one page is held, so at most two are held");
    }

    [Test]
    public async Task Reconcile_LongListingWithBusyAdapter_NewRequestAnnouncedBeforeTheListingEnds()
    {
        var cluster = ClusterWithOldRequests();
        var passes = new SemaphoreSlim(0);
        var slack = new RecordingAdapter("slack") { Hook = (_, id, ct) => id.StartsWith("old", StringComparison.Ordinal) ? passes.WaitAsync(ct) : Task.CompletedTask };
        var readiness = new HostReadiness();
        readiness.TrackAdapters(() => [new AdapterStatus("slack", AdapterState.Serving, TimeProvider.System.GetUtcNow(), 0, null, null)]);
        await using var engine = Start(cluster.Connect(), [slack], readiness: readiness);
        await WaitUntilAsync(() => readiness.Check().IsReady && engine.HeldRequests == 2 * PageSize, "ready, with the reconcile waiting on the adapter");

        var created = cluster.Create(SampleRequests.Pending("new") with { Created = TimeProvider.System.GetUtcNow().AddSeconds(1) }).Id;
        await WaitUntilAsync(
            () =>
            {
                // One listed request passes at a time: the new one waits behind what was handed on before it, not the rest.
                passes.Release();
                return slack.StepsOf(created).Count == 1;
            },
            "the new request was announced");

        Assert.That(cluster.PagesServed, Is.LessThan(Listed / PageSize), "the listing was not through");
        Assert.That(slack.Requests.Count(id => id.StartsWith("old", StringComparison.Ordinal)), Is.LessThan(Listed - PageSize));
        passes.Release(Listed);
    }

    [Test]
    public async Task Listing_PagesHeldBackByTheSink_ReadyAfterFirstPageLiveEventsHandedOnMeanwhile()
    {
        var clock = new FakeTimeProvider();
        var cluster = new FakeTeleportCluster { ListPageSize = 2 };
        foreach (var id in new[] { "a1", "a2", "a3", "a4", "a5", "a6" })
        {
            cluster.Create(SampleRequests.Pending(id));
        }

        var sink = new HeldBackSink();
        var deleteRead = false;
        var reviewRead = false;
        cluster.OnPageServed = page =>
        {
            if (page == 2)
            {
                // a3 is on the page just read, and Teleport deletes it before the page is handed on; the marker's event
                // follows the DELETE, so once the marker is handed on the watch has seen the DELETE.
                cluster.Delete("a3");
                cluster.Create(SampleRequests.Pending("marker"));
                deleteRead = SpinWait.SpinUntil(() => sink.Of("marker").Count > 0, TimeSpan.FromSeconds(30));
            }
            else if (page == 3)
            {
                // a6 is on the page just read, and reviewed before the page is handed on: the page's snapshot is older.
                cluster.Review("a6", "bob", AccessRequestState.Approved);
                reviewRead = SpinWait.SpinUntil(() => sink.Of("a6").Count > 0, TimeSpan.FromSeconds(30));
            }
        };
        var readiness = new HostReadiness();
        readiness.TrackAdapters(() => [new AdapterStatus("slack", AdapterState.Serving, clock.GetUtcNow(), 0, null, null)]);
        var watcher = new RequestWatcher(cluster.Connect(), sink, new SnapshotCache(100), FastWatch(), readiness, new HostMetrics(), clock, NullLogger<RequestWatcher>.Instance);
        using var stop = new CancellationTokenSource();
        var run = watcher.RunAsync(stop.Token);

        await WaitUntilAsync(() => sink.Of("a2").Count == 1 && readiness.Check().IsReady, "the first page was handed on and the host is ready");
        cluster.Review("a5", "bob", AccessRequestState.Approved);
        cluster.Create(SampleRequests.Pending("n1") with { Created = clock.GetUtcNow().AddSeconds(1) });
        await WaitUntilAsync(() => sink.Of("n1").Count == 1, "the new request's event was handed on during the reconcile");
        Assert.Multiple(() =>
        {
            Assert.That(cluster.PagesServed, Is.EqualTo(1), "the next page is read only when there is room");
            Assert.That(sink.Of("n1").Single(), Is.EqualTo((Listed: false, Deleted: false, Fresh: true)), "created after the INIT: claimed without a read");
            Assert.That(sink.Of("a5").Single(), Is.EqualTo((Listed: false, Deleted: false, Fresh: false)), "older than the INIT, its page not read yet: read first");
        });

        sink.Room.SetResult();
        await WaitUntilAsync(() => sink.Of("n1").Count == 2, "the whole listing was handed on, its last page holding the requests created meanwhile");
        await stop.CancelAsync();
        await run;

        Assert.Multiple(() =>
        {
            Assert.That(deleteRead, Is.True, "the watch read the DELETE before the page was handed on");
            Assert.That(sink.Of("a3"), Is.EqualTo(new[] { (Listed: true, Deleted: true, Fresh: false) }), "deleted after its page was read: handed on as deleted");
            Assert.That(sink.Of("a4"), Is.EqualTo(new[] { (Listed: true, Deleted: false, Fresh: false) }));
            Assert.That(reviewRead, Is.True, "the watch read the review before the page was handed on");
            Assert.That(sink.Snapshots("a6")[^1].Reviews, Has.Count.EqualTo(1), "the listing's older snapshot is not handed on over the live one");
        });
    }

    [Test]
    public async Task AddAdapter_LateAdapterWhileItBlocks_ItsListingHoldsTwoPagesAtMost()
    {
        var cluster = new FakeTeleportCluster { ListPageSize = PageSize };
        for (var i = 0; i < 10 * PageSize; i++)
        {
            cluster.Create(SampleRequests.Pending($"old{i:00000}"));
        }

        var slack = new RecordingAdapter("slack");
        await using var engine = Start(cluster.Connect(), [slack]);
        await WaitUntilAsync(() => slack.Requests.Count == 10 * PageSize, "the first adapter announced every request");
        await WaitIdleAsync(engine);
        var pagesBefore = cluster.PagesServed;

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var jira = new RecordingAdapter("jira") { Hook = (_, _, ct) => gate.Task.WaitAsync(ct) };
        engine.AddAdapter(Active(jira, jira.Name));
        await WaitUntilAsync(() => engine.HeldRequests == 2 * PageSize, "two pages were handed to the late adapter");
        await Task.Delay(50);
        Assert.That(cluster.PagesServed - pagesBefore, Is.EqualTo(2), "no third page while it holds two pages' worth, none passed");

        gate.SetResult();
        await WaitUntilAsync(() => jira.Requests.Count == 10 * PageSize, "the late adapter announced every request");
    }

    [Test]
    public async Task Reconcile_ALaterPageFails_StreamReopenedAndTheListingReadAgain()
    {
        var cluster = new FakeTeleportCluster { ListPageSize = 2 };
        var ids = Enumerable.Range(0, 5).Select(i => cluster.Create(SampleRequests.Pending($"r{i}")).Id).ToList();
        var failed = 0;
        cluster.OnPageServed = page =>
        {
            if (page == 2 && Interlocked.Exchange(ref failed, 1) == 0)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "connection reset"));
            }
        };
        var slack = new RecordingAdapter("slack");
        await using var engine = Start(cluster.Connect(), [slack]);

        await WaitUntilAsync(() => ids.All(id => slack.StepsOf(id).Count == 1), "every request was announced");
        await WaitIdleAsync(engine);
        Assert.That(cluster.StreamsOpened, Is.EqualTo(2), "the failed page re-opened the stream, whose INIT listed again");
        Assert.That(ids.Select(id => slack.StepsOf(id).Count), Has.All.EqualTo(1));
    }

    private static FakeTeleportCluster ClusterWithOldRequests()
    {
        var cluster = new FakeTeleportCluster { ListPageSize = PageSize };
        for (var i = 0; i < Listed; i++)
        {
            cluster.Create(SampleRequests.Pending($"old{i:00000}"));
        }

        return cluster;
    }

    /// <summary>Records what is handed on; the listing's room opens only when the test says so.</summary>
    private sealed class HeldBackSink : IRequestSink
    {
        private readonly ConcurrentQueue<(AccessRequestSnapshot Request, bool Listed, bool Deleted, bool Fresh)> _seen = new();

        public TaskCompletionSource Room { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<(bool Listed, bool Deleted, bool Fresh)> Of(string id) =>
            [.. _seen.Where(s => s.Request.Id == id).Select(s => (s.Listed, s.Deleted, s.Fresh))];

        public IReadOnlyList<AccessRequestSnapshot> Snapshots(string id) => [.. _seen.Where(s => s.Request.Id == id).Select(s => s.Request)];

        public void Submit(AccessRequestSnapshot request, bool deleted, bool fresh) => _seen.Enqueue((request, false, deleted, fresh));

        public void SubmitListed(AccessRequestSnapshot request, bool deleted) => _seen.Enqueue((request, true, deleted, false));

        public Task WaitForListingRoomAsync(int held, CancellationToken cancellationToken) => Room.Task.WaitAsync(cancellationToken);
    }
}
