namespace TeleportPlugins.Adapters.Common.Reviews;

/// <summary>
/// Timestamp window and replay protection for verified callbacks: a callback is accepted once, only while its timestamp
/// is within <see cref="Window"/> of now; its key is remembered until the timestamp leaves the window, after which the
/// timestamp check alone refuses it. Memory is bounded by <c>capacity</c>. Per process: across replicas, Teleport's rule
/// that a user reviews a request once keeps a replayed click from counting twice.
/// </summary>
public sealed class ReplayGuard
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _expiries = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;

    /// <summary>Creates the guard.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="window">How far a callback's timestamp may be from now, either way; 5 minutes is what Slack documents.</param>
    /// <param name="capacity">The most keys remembered at once.</param>
    public ReplayGuard(TimeProvider time, TimeSpan window, int capacity = 100_000)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        Window = window;
        _capacity = capacity;
    }

    /// <summary>How far a timestamp may be from now.</summary>
    public TimeSpan Window { get; }

    /// <summary>Checks a verified callback and remembers it when accepted.</summary>
    /// <param name="key">What identifies the delivery, e.g. its signature or the tool's interaction ID.</param>
    /// <param name="timestamp">When the tool says it sent it (covered by the signature).</param>
    /// <returns>Whether to handle it.</returns>
    public ReplayCheck Check(string key, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetUtcNow();
        if (timestamp < now - Window || timestamp > now + Window)
        {
            return ReplayCheck.Stale;
        }

        lock (_lock)
        {
            Forget(now);
            if (_seen.ContainsKey(key))
            {
                return ReplayCheck.Replayed;
            }

            if (_seen.Count >= _capacity)
            {
                return ReplayCheck.Full;
            }

            var expires = timestamp + Window;
            _seen.Add(key, expires);
            _expiries.Enqueue(key, expires);
            return ReplayCheck.Accepted;
        }
    }

    /// <summary>
    /// Forgets an accepted key whose handling failed before it had any effect (nothing was submitted), so the tool's
    /// retry of that same delivery is accepted rather than taken for a replay.
    /// </summary>
    /// <param name="key">The key <see cref="Check"/> accepted.</param>
    public void Release(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            // Its entry in the expiry queue stays; Forget skips it unless the key was accepted again with that expiry.
            _seen.Remove(key);
        }
    }

    private void Forget(DateTimeOffset now)
    {
        while (_expiries.TryPeek(out var key, out var expires) && expires < now)
        {
            _expiries.Dequeue();

            // A released key accepted again later has a later expiry: only the entry that matches removes it.
            if (_seen.TryGetValue(key, out var current) && current == expires)
            {
                _seen.Remove(key);
            }
        }
    }
}
