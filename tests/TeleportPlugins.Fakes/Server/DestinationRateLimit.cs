namespace TeleportPlugins.Fakes;

/// <summary>
/// A vendor's documented per-destination limit (Slack: about one message a second per channel; Discord: a bucket per
/// channel): at most <c>permits</c> calls to one destination per <c>window</c>, counted in fixed windows that start
/// at a destination's first call. A call over the limit is refused before it changes anything, with the time left in
/// the window as its Retry-After. Off until <see cref="Enable"/>.
/// </summary>
/// <param name="time">The clock (a test's fake clock or the system's).</param>
public sealed class DestinationRateLimit(TimeProvider time)
{
    private readonly Dictionary<string, (long Start, int Used)> _windows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _permits;
    private TimeSpan _window;

    /// <summary>Whether the limit is enforced.</summary>
    public bool Enabled { get; private set; }

    /// <summary>Calls refused so far.</summary>
    public int Refusals { get; private set; }

    /// <summary>Enforces at most <paramref name="permits"/> calls per destination per <paramref name="window"/>.</summary>
    /// <param name="permits">Calls allowed in one window.</param>
    /// <param name="window">The window.</param>
    public void Enable(int permits, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(permits);
        lock (_gate)
        {
            (_permits, _window, Enabled) = (permits, window, true);
            _windows.Clear();
        }
    }

    /// <summary>Counts one call to <paramref name="destination"/>.</summary>
    /// <param name="destination">The channel, user or service the call writes to.</param>
    /// <returns>Null when the call may go on, else how long until the destination's window ends.</returns>
    public TimeSpan? Refuse(string destination)
    {
        if (!Enabled)
        {
            return null;
        }

        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (!_windows.TryGetValue(destination, out var window) || time.GetElapsedTime(window.Start, now) >= _window)
            {
                window = (now, 0);
            }

            if (window.Used >= _permits)
            {
                Refusals++;
                return _window - time.GetElapsedTime(window.Start, now);
            }

            _windows[destination] = window with { Used = window.Used + 1 };
            return null;
        }
    }
}
