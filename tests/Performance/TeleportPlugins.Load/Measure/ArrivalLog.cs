using System.Diagnostics;

using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Measure;

/// <summary>
/// What the fakes received, in a form cheap enough for 100,000 requests: per tool, the first arrival of each request's
/// events (by the markers in the bodies), how many root objects each request got and how many replies each review got,
/// and when the driver issued each event. Times are <see cref="Stopwatch"/> timestamps of this process.
/// </summary>
public sealed class ArrivalLog
{
    private readonly long[] _issued;
    private readonly long[][] _firstArrival;
    private readonly int[][] _roots;
    private readonly int[][] _replies;
    private readonly long[] _calls;
    private long _lastArrival;

    /// <summary>Creates a log for <paramref name="requests"/> requests and the given tools.</summary>
    /// <param name="requests">How many requests the run creates.</param>
    /// <param name="tools">The tools' names, in a fixed order.</param>
    public ArrivalLog(int requests, IReadOnlyList<string> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        Requests = requests;
        Tools = tools;
        _issued = new long[requests * 4];
        _firstArrival = [.. tools.Select(_ => new long[requests * 4])];
        _roots = [.. tools.Select(_ => new int[requests])];
        _replies = [.. tools.Select(_ => new int[requests * 2])];
        _calls = new long[tools.Count];
    }

    /// <summary>How many requests the run creates.</summary>
    public int Requests { get; }

    /// <summary>The tools, in order; a tool's index is its position.</summary>
    public IReadOnlyList<string> Tools { get; }

    /// <summary>Whether calls are recorded (off while the ceiling replays calls).</summary>
    public bool Recording { get; set; } = true;

    /// <summary>The timestamp of the last recorded arrival.</summary>
    public long LastArrival => Interlocked.Read(ref _lastArrival);

    /// <summary>The index of a tool.</summary>
    /// <param name="tool">Its name.</param>
    /// <returns>Its position in <see cref="Tools"/>.</returns>
    public int IndexOf(string tool)
    {
        for (var i = 0; i < Tools.Count; i++)
        {
            if (string.Equals(Tools[i], tool, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"unknown tool {tool}", nameof(tool));
    }

    /// <summary>Notes that the driver issued <paramref name="requestEvent"/> of request <paramref name="index"/> now.</summary>
    /// <param name="requestEvent">The event.</param>
    /// <param name="index">The request.</param>
    public void Issued(RequestEvent requestEvent, int index) => Volatile.Write(ref _issued[Slot(requestEvent, index)], Stopwatch.GetTimestamp());

    /// <summary>When the driver issued an event, or 0.</summary>
    /// <param name="requestEvent">The event.</param>
    /// <param name="index">The request.</param>
    /// <returns>A timestamp.</returns>
    public long IssuedAt(RequestEvent requestEvent, int index) => Volatile.Read(ref _issued[Slot(requestEvent, index)]);

    /// <summary>
    /// Records a call a fake accepted (answered 2xx): every marker in the body counts as an arrival of that event; a
    /// <see cref="CallKind.Root"/> call counts one root object for the request of its <see cref="RequestEvent.Created"/> marker;
    /// a <see cref="CallKind.Reply"/> call counts one reply for each review marker it carries.
    /// </summary>
    /// <param name="tool">The tool's index.</param>
    /// <param name="kind">What the call did.</param>
    /// <param name="body">The request body (and any text fields the fake decoded).</param>
    public void Accepted(int tool, CallKind kind, string body)
    {
        if (!Recording)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _calls[tool]);
        InterlockedMax(ref _lastArrival, now);
        foreach (var (requestEvent, index) in Markers.In(body))
        {
            if (index >= Requests)
            {
                continue;
            }

            Interlocked.CompareExchange(ref _firstArrival[tool][Slot(requestEvent, index)], now, 0);
            switch (kind)
            {
                case CallKind.Root when requestEvent == RequestEvent.Created:
                    Interlocked.Increment(ref _roots[tool][index]);
                    break;
                case CallKind.Reply when requestEvent is RequestEvent.FirstReview or RequestEvent.SecondReview:
                    Interlocked.Increment(ref _replies[tool][(index * 2) + (int)requestEvent - 1]);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Counts a call that carried no marker (reads, health checks) towards the tool's call count.</summary>
    /// <param name="tool">The tool's index.</param>
    public void AcceptedRead(int tool)
    {
        if (Recording)
        {
            Interlocked.Increment(ref _calls[tool]);
        }
    }

    /// <summary>When <paramref name="tool"/> first received <paramref name="requestEvent"/> of request <paramref name="index"/>, or 0.</summary>
    /// <param name="tool">The tool's index.</param>
    /// <param name="requestEvent">The event.</param>
    /// <param name="index">The request.</param>
    /// <returns>A timestamp or 0.</returns>
    public long FirstArrival(int tool, RequestEvent requestEvent, int index) => Volatile.Read(ref _firstArrival[tool][Slot(requestEvent, index)]);

    /// <summary>Whether every tool in <paramref name="tools"/> has received <paramref name="requestEvent"/> of request <paramref name="index"/>.</summary>
    /// <param name="tools">Tool indexes.</param>
    /// <param name="requestEvent">The event.</param>
    /// <param name="index">The request.</param>
    /// <returns>Whether all did.</returns>
    public bool ReachedAll(IReadOnlyList<int> tools, RequestEvent requestEvent, int index)
    {
        ArgumentNullException.ThrowIfNull(tools);
        foreach (var tool in tools)
        {
            if (FirstArrival(tool, requestEvent, index) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How many root objects request <paramref name="index"/> got in <paramref name="tool"/>.</summary>
    /// <param name="tool">The tool's index.</param>
    /// <param name="index">The request.</param>
    /// <returns>The count (1 is right).</returns>
    public int Roots(int tool, int index) => Volatile.Read(ref _roots[tool][index]);

    /// <summary>How many replies one review of request <paramref name="index"/> got in <paramref name="tool"/>.</summary>
    /// <param name="tool">The tool's index.</param>
    /// <param name="requestEvent">The review.</param>
    /// <param name="index">The request.</param>
    /// <returns>The count (1 is right).</returns>
    public int Replies(int tool, RequestEvent requestEvent, int index) =>
        requestEvent is RequestEvent.FirstReview or RequestEvent.SecondReview
            ? Volatile.Read(ref _replies[tool][(index * 2) + (int)requestEvent - 1])
            : throw new ArgumentOutOfRangeException(nameof(requestEvent), requestEvent, "replies are counted per review");

    /// <summary>How many calls <paramref name="tool"/> accepted while recording.</summary>
    /// <param name="tool">The tool's index.</param>
    /// <returns>The count.</returns>
    public long Calls(int tool) => Interlocked.Read(ref _calls[tool]);

    private static int Slot(RequestEvent requestEvent, int index) => (index * 4) + (int)requestEvent;

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
