using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Watching;

namespace TeleportPlugins.Host.Reminders;

/// <summary>
/// Wakes the engine when a pending request's next reminder falls due: one entry per pending request (whatever the
/// number of adapters) and one timer for the earliest. At the due time the request's last snapshot is handed back to the
/// dispatch, where each adapter's planner decides from its plugin data whether a reminder is owed, and the claim
/// protocol makes it happen once across replicas. A request leaves as soon as it is seen resolved or deleted.
/// </summary>
/// <param name="timeProvider">The clock.</param>
/// <param name="due">Called, outside any lock, with the snapshot of each request whose reminder fell due.</param>
internal sealed class ReminderScheduler(TimeProvider timeProvider, Action<AccessRequestSnapshot> due) : IDisposable
{
    private readonly Dictionary<string, ReminderEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<ReminderPlan> _plans = [];
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private DateTimeOffset _timerDue = DateTimeOffset.MaxValue;
    private bool _disposed;

    /// <summary>How many pending requests are scheduled.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Adds an adapter's schedule; the requests' due times take it into account from now on.</summary>
    /// <param name="plan">The schedule.</param>
    public void AddPlan(ReminderPlan plan)
    {
        lock (_gate)
        {
            if (_plans.Contains(plan))
            {
                return;
            }

            _plans.Add(plan);
            var now = timeProvider.GetUtcNow();
            foreach (var entry in _entries.Values)
            {
                entry.NextDue = NextDue(entry.Snapshot, now);
                Arm(entry.NextDue, now);
            }
        }
    }

    /// <summary>Takes a request as last seen: pending ones are scheduled, others dropped.</summary>
    /// <param name="request">The snapshot.</param>
    /// <param name="deleted">Whether Teleport deleted it.</param>
    public void Track(AccessRequestSnapshot request, bool deleted)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (deleted || request.State != AccessRequestState.Pending)
            {
                _entries.Remove(request.Id);
                return;
            }

            if (_plans.Count == 0)
            {
                return;
            }

            if (_entries.TryGetValue(request.Id, out var entry))
            {
                if (SnapshotProgress.IsAtLeastAsAdvanced(request, entry.Snapshot))
                {
                    entry.Snapshot = request;
                }

                return;
            }

            var now = timeProvider.GetUtcNow();
            entry = new ReminderEntry(request) { NextDue = NextDue(request, now) };
            _entries.Add(request.Id, entry);
            Arm(entry.NextDue, now);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
            _entries.Clear();
        }
    }

    private DateTimeOffset NextDue(AccessRequestSnapshot request, DateTimeOffset now) =>
        _plans.Min(plan => plan.NextDue(request.Created, now));

    // Called under _gate.
    private void Arm(DateTimeOffset at, DateTimeOffset now)
    {
        if (at >= _timerDue)
        {
            return;
        }

        _timer?.Dispose();
        _timerDue = at;
        var delay = at - now;
        _timer = timeProvider.CreateTimer(_ => Fire(), null, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    private void Fire()
    {
        var fired = new List<AccessRequestSnapshot>();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _timer?.Dispose();
            _timer = null;
            _timerDue = DateTimeOffset.MaxValue;
            var now = timeProvider.GetUtcNow();
            var earliest = DateTimeOffset.MaxValue;
            foreach (var entry in _entries.Values)
            {
                if (entry.NextDue <= now)
                {
                    fired.Add(entry.Snapshot);
                    entry.NextDue = NextDue(entry.Snapshot, now);
                }

                earliest = entry.NextDue < earliest ? entry.NextDue : earliest;
            }

            if (earliest != DateTimeOffset.MaxValue)
            {
                Arm(earliest, now);
            }
        }

        foreach (var request in fired)
        {
            due(request);
        }
    }
}
