namespace TeleportPlugins.Host.Engine;

/// <summary>
/// Decorrelated jitter, as the anchors' <c>lib/backoff/decorr.go</c>: each delay is <c>base + rand(previous * 3 - base)</c>,
/// capped. Jitter keeps replicas that failed together from retrying together. Not thread-safe: one per retry loop.
/// </summary>
internal sealed class DecorrelatedBackoff
{
    private const int Multiplier = 3;
    private readonly TimeSpan _base;
    private readonly TimeSpan _cap;
    private TimeSpan _previous;

    /// <summary>Creates a backoff between <paramref name="baseDelay"/> and <paramref name="cap"/>.</summary>
    public DecorrelatedBackoff(TimeSpan baseDelay, TimeSpan cap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, baseDelay);
        _base = baseDelay;
        _cap = cap;
        _previous = baseDelay;
    }

    /// <summary>The next delay.</summary>
    /// <returns>A delay between the base and the cap.</returns>
    public TimeSpan Next()
    {
        var spread = Math.Max(0, (_previous.Ticks * Multiplier) - _base.Ticks);
#pragma warning disable CA5394 // Jitter, not security.
        var ticks = _base.Ticks + (long)(Random.Shared.NextDouble() * spread);
#pragma warning restore CA5394
        _previous = TimeSpan.FromTicks(Math.Min(_cap.Ticks, ticks));
        return _previous;
    }

    /// <summary>Starts over from the base, after a success.</summary>
    public void Reset() => _previous = _base;
}
