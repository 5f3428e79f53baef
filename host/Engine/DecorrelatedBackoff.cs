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
    private readonly Func<double> _random;
    private TimeSpan _previous;

    /// <summary>Creates a backoff between <paramref name="baseDelay"/> and <paramref name="cap"/>.</summary>
    /// <param name="baseDelay">The least delay.</param>
    /// <param name="cap">The largest delay.</param>
    /// <param name="random">A source of values in [0, 1); the shared generator by default (tests pin it).</param>
    public DecorrelatedBackoff(TimeSpan baseDelay, TimeSpan cap, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, baseDelay);
        _base = baseDelay;
        _cap = cap;
#pragma warning disable CA5394 // Jitter, not security.
        _random = random ?? Random.Shared.NextDouble;
#pragma warning restore CA5394
        _previous = baseDelay;
    }

    /// <summary>The next delay.</summary>
    /// <returns>A delay between the base and the cap.</returns>
    public TimeSpan Next()
    {
        var spread = Math.Max(0, (_previous.Ticks * Multiplier) - _base.Ticks);
        var ticks = _base.Ticks + (long)(_random() * spread);
        _previous = TimeSpan.FromTicks(Math.Min(_cap.Ticks, ticks));
        return _previous;
    }

    /// <summary>Starts over from the base, after a success.</summary>
    public void Reset() => _previous = _base;
}
