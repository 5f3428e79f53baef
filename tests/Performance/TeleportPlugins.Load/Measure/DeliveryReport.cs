using System.Diagnostics;

namespace TeleportPlugins.Load.Measure;

/// <summary>
/// What an <see cref="ArrivalLog"/> says about a finished run: steps delivered, latency from each event to its first
/// arrival at each tool, requests fully delivered, duplicate root objects and review replies.
/// </summary>
public sealed class DeliveryReport
{
    private DeliveryReport()
    {
    }

    /// <summary>Requests in the run.</summary>
    public int Requests { get; private init; }

    /// <summary>(tool, event, request) triples that arrived.</summary>
    public long StepsDelivered { get; private init; }

    /// <summary>Requests whose four events reached every tool.</summary>
    public int FullyDelivered { get; private init; }

    /// <summary>Root objects beyond the first, summed over tools and requests.</summary>
    public int DuplicateRoots { get; private init; }

    /// <summary>Root objects beyond the first, per tool.</summary>
    public IReadOnlyDictionary<string, int> DuplicateRootsPerTool { get; private init; } = null!;

    /// <summary>(tool, request, review) triples with no reply at all.</summary>
    public long MissingReplies { get; private init; }

    /// <summary>(tool, request) pairs with no root object.</summary>
    public int MissingRoots { get; private init; }

    /// <summary>(tool, request, review) triples with exactly one reply.</summary>
    public long RepliesExactlyOnce { get; private init; }

    /// <summary>(tool, request, review) triples in total.</summary>
    public long ReplySlots { get; private init; }

    /// <summary>Latency over every tool.</summary>
    public Percentiles All { get; private init; } = null!;

    /// <summary>Latency per tool.</summary>
    public IReadOnlyDictionary<string, Percentiles> PerTool { get; private init; } = null!;

    /// <summary>Summarises <paramref name="log"/>.</summary>
    /// <param name="log">A finished run's log.</param>
    /// <returns>The report.</returns>
    public static DeliveryReport Of(ArrivalLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var all = new List<double>();
        var perTool = new Dictionary<string, Percentiles>(StringComparer.Ordinal);
        var duplicatesPerTool = new Dictionary<string, int>(StringComparer.Ordinal);
        long steps = 0, exactlyOnce = 0, noReply = 0;
        int duplicates = 0, missing = 0;
        var complete = new bool[log.Requests];
        Array.Fill(complete, true);
        for (var tool = 0; tool < log.Tools.Count; tool++)
        {
            var latencies = Latencies(log, tool, _ => true, ref steps, complete);
            all.AddRange(latencies);
            perTool[log.Tools[tool]] = Percentiles.Of(latencies);
            var toolDuplicates = 0;
            for (var index = 0; index < log.Requests; index++)
            {
                var roots = log.Roots(tool, index);
                toolDuplicates += Math.Max(0, roots - 1);
                missing += roots == 0 ? 1 : 0;
                foreach (var review in new[] { RequestEvent.FirstReview, RequestEvent.SecondReview })
                {
                    var replies = log.Replies(tool, review, index);
                    exactlyOnce += replies == 1 ? 1 : 0;
                    noReply += replies == 0 ? 1 : 0;
                }
            }

            duplicates += toolDuplicates;
            duplicatesPerTool[log.Tools[tool]] = toolDuplicates;
        }

        return new DeliveryReport
        {
            Requests = log.Requests,
            StepsDelivered = steps,
            FullyDelivered = complete.Count(c => c),
            DuplicateRoots = duplicates,
            DuplicateRootsPerTool = duplicatesPerTool,
            MissingReplies = noReply,
            MissingRoots = missing,
            RepliesExactlyOnce = exactlyOnce,
            ReplySlots = 2L * log.Requests * log.Tools.Count,
            All = Percentiles.Of(all),
            PerTool = perTool,
        };
    }

    /// <summary>Latency of the given tools for the events <paramref name="issuedWhen"/> accepts (by issue timestamp).</summary>
    /// <param name="log">A finished run's log.</param>
    /// <param name="tools">Tool indexes.</param>
    /// <param name="issuedWhen">A filter on the event's issue timestamp.</param>
    /// <returns>The percentiles.</returns>
    public static Percentiles LatencyOf(ArrivalLog log, IEnumerable<int> tools, Func<long, bool> issuedWhen)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(tools);
        var latencies = new List<double>();
        long steps = 0;
        foreach (var tool in tools)
        {
            latencies.AddRange(Latencies(log, tool, issuedWhen, ref steps, null));
        }

        return Percentiles.Of(latencies);
    }

    private static List<double> Latencies(ArrivalLog log, int tool, Func<long, bool> issuedWhen, ref long steps, bool[]? complete)
    {
        var latencies = new List<double>(log.Requests * 4);
        for (var index = 0; index < log.Requests; index++)
        {
            for (var requestEvent = RequestEvent.Created; requestEvent <= RequestEvent.Resolved; requestEvent++)
            {
                var arrived = log.FirstArrival(tool, requestEvent, index);
                var issued = log.IssuedAt(requestEvent, index);
                if (arrived == 0 || issued == 0)
                {
                    complete?[index] = false;
                    continue;
                }

                steps++;
                if (issuedWhen(issued))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(issued, arrived).TotalMilliseconds);
                }
            }
        }

        return latencies;
    }
}
