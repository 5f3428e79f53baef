using System.Diagnostics;
using TeleportPlugins.Contracts;
using TeleportPlugins.Load.Measure;
using TeleportPlugins.Load.Run;

namespace TeleportPlugins.Load.Drive;

/// <summary>
/// Drives requests through created → first review → second review → approved or denied, keeping
/// <see cref="DriverOptions.Window"/> requests in progress: a request's next event is issued once every gating tool
/// received the previous one, so latency is measured under a steady load rather than an ever-growing queue, and the
/// host is never idle while work remains. Every fourth request is denied.
/// </summary>
public sealed class RequestDriver(LoadCluster cluster, DriverOptions options)
{
    private long _eventsIssued;
    private int _watchDrops;

    /// <summary>Events issued so far (4 per request).</summary>
    public long EventsIssued => Interlocked.Read(ref _eventsIssued);

    /// <summary>How many times the watch streams were dropped.</summary>
    public int WatchDrops => Volatile.Read(ref _watchDrops);

    /// <summary>The requests' IDs in the simulator, by index, once <see cref="RunAsync"/> has created them.</summary>
    public IReadOnlyList<string> RequestIds { get; private set; } = [];

    /// <summary>When the first event was issued (a <see cref="Stopwatch"/> timestamp).</summary>
    public long FirstIssued { get; private set; }

    /// <summary>Runs every request of the cluster's log to the end.</summary>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>A task completing when every gating tool received every request's resolution.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var log = cluster.Log;
        var total = log.Requests;
        var ids = new string[total];
        RequestIds = ids;
        var next = new RequestEvent?[total];
        var active = new List<int>(options.Window);
        var started = 0;
        var lastProgress = Stopwatch.GetTimestamp();
        FirstIssued = Stopwatch.GetTimestamp();
        while (started < total || active.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var moved = false;
            while (active.Count < options.Window && started < total)
            {
                var index = started++;
                log.Issued(RequestEvent.Created, index);
                ids[index] = cluster.CreateRequest(index);
                next[index] = RequestEvent.FirstReview;
                active.Add(index);
                Counted();
                moved = true;
            }

            for (var a = active.Count - 1; a >= 0; a--)
            {
                var index = active[a];
                var due = next[index]!.Value;
                if (!log.ReachedAll(options.GatingTools, due - 1, index))
                {
                    continue;
                }

                moved = true;
                if (due > RequestEvent.Resolved)
                {
                    active[a] = active[^1];
                    active.RemoveAt(active.Count - 1);
                    continue;
                }

                Issue(ids[index], index, due);
                next[index] = due + 1;
            }

            if (moved)
            {
                lastProgress = Stopwatch.GetTimestamp();
            }
            else
            {
                if (Stopwatch.GetElapsedTime(lastProgress) > options.StallLimit)
                {
                    throw new TimeoutException(
                        $"no request moved for {options.StallLimit.TotalSeconds:0} s; {active.Count} in progress, e.g. request {active[0]} waiting for {next[active[0]]! - 1}");
                }

                await Task.Delay(1, cancellationToken);
            }
        }
    }

    private void Issue(string id, int index, RequestEvent requestEvent)
    {
        var simulator = cluster.Simulator;
        cluster.Log.Issued(requestEvent, index);
        var marker = Markers.Of(requestEvent, index);
        switch (requestEvent)
        {
            case RequestEvent.FirstReview:
                simulator.SubmitReview(id, "alice", AccessRequestState.Approved, $"looks right {marker}");
                break;
            case RequestEvent.SecondReview:
                simulator.SubmitReview(id, "bob", AccessRequestState.Approved, $"agreed {marker}");
                break;
            case RequestEvent.Resolved when index % 4 == 3:
                simulator.Deny(id, $"not now {marker}");
                break;
            case RequestEvent.Resolved:
                simulator.Approve(id, $"go ahead {marker}");
                break;
            case RequestEvent.Created:
            default:
                throw new ArgumentOutOfRangeException(nameof(requestEvent), requestEvent, "created is issued by the run loop");
        }

        Counted();
    }

    private void Counted()
    {
        var issued = Interlocked.Increment(ref _eventsIssued);
        if (options.DropWatchEvery > 0 && issued % options.DropWatchEvery == 0)
        {
            cluster.Simulator.DropWatchStreams();
            Interlocked.Increment(ref _watchDrops);
        }
    }
}
