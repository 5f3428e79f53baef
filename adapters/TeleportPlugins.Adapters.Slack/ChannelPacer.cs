namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Spaces messages to one channel at least <c>interval</c> apart, across all requests, because Slack allows one
/// message per second per channel and answers bursts with 429. A slot is booked before the HTTP call, so the
/// interval must keep a margin above Slack's second for network jitter (<see cref="SlackOptions.ChannelPacing"/>).
/// Waiting uses the adapter's clock.
/// </summary>
internal sealed class ChannelPacer(TimeProvider timeProvider, TimeSpan interval)
{
    private const int PruneAbove = 1024;
    private readonly Dictionary<string, DateTimeOffset> _nextSlot = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Waits until <paramref name="channel"/> may receive the next message, and books that slot.</summary>
    public async Task WaitTurnAsync(string channel, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (_nextSlot.Count > PruneAbove)
            {
                foreach (var stale in _nextSlot.Where(pair => pair.Value <= now).Select(pair => pair.Key).ToList())
                {
                    _nextSlot.Remove(stale);
                }
            }

            var slot = _nextSlot.TryGetValue(channel, out var next) && next > now ? next : now;
            _nextSlot[channel] = slot + interval;
            wait = slot - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
        }
    }
}
