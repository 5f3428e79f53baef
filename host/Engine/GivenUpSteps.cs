using System.Globalization;

namespace TeleportPlugins.Host.Engine;

/// <summary>
/// The steps each adapter gave up for good in the last hour, for <c>GET /readyz</c>'s detail. A given-up step does not
/// make the host unready (the other requests are still served), but an operator looking at the probe should see that
/// something was not delivered without searching the logs. Holds one timestamp per step given up within the window and
/// the latest one's description; request IDs appear here as in the logs, never in metric labels.
/// </summary>
/// <param name="timeProvider">The clock that dates each give-up and ages it out.</param>
internal sealed class GivenUpSteps(TimeProvider timeProvider)
{
    /// <summary>How long a given-up step stays in the detail.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Queue<DateTimeOffset>> _times = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _latest = new(StringComparer.Ordinal);

    /// <summary>Records a step given up for good.</summary>
    /// <param name="adapter">The adapter's name.</param>
    /// <param name="requestId">The request.</param>
    /// <param name="step">The step's name (<c>created</c>, <c>review:1</c>, ...).</param>
    /// <param name="cause">Why, as in the error line (no secrets: the same text is logged).</param>
    public void Record(string adapter, string requestId, string step, string cause)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_times.TryGetValue(adapter, out var times))
            {
                times = new Queue<DateTimeOffset>();
                _times.Add(adapter, times);
            }

            Prune(times, now);
            times.Enqueue(now);
            _latest[adapter] = $"request {requestId} {step} ({cause})";
        }
    }

    /// <summary>One line per adapter with steps given up within <see cref="Window"/>, e.g. "slack: 1 step given up in the last hour: request X created (cause)".</summary>
    /// <returns>The lines, by adapter name; empty when nothing was given up lately.</returns>
    public IReadOnlyList<string> Describe()
    {
        var now = timeProvider.GetUtcNow();
        var lines = new List<string>();
        lock (_gate)
        {
            foreach (var (adapter, times) in _times)
            {
                Prune(times, now);
                var count = times.Count;
                if (count > 0)
                {
                    lines.Add(string.Create(CultureInfo.InvariantCulture, $"{adapter}: {count} {(count == 1 ? "step" : "steps")} given up in the last hour: {(count == 1 ? string.Empty : "the latest, ")}{_latest[adapter]}"));
                }
            }
        }

        return lines;
    }

    private static void Prune(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.TryPeek(out var at) && now - at >= Window)
        {
            times.Dequeue();
        }
    }
}
