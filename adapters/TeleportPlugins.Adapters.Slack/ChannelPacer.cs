namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Spaces messages to one channel at least <c>interval</c> apart, across all requests, because Slack allows one
/// message per second per channel and answers bursts with 429. A slot is booked before the HTTP call, so the
/// interval must keep a margin above Slack's second for network jitter (<see cref="SlackOptions.ChannelPacing"/>).
/// Waiting uses the adapter's clock.
/// </summary>
/// <remarks>
/// A request message is posted to a target as configured (<c>general</c>, a user ID), its replies to the channel ID
/// Slack answered with (<c>C…</c>, <c>D…</c>); Slack limits the channel, so <see cref="Learn"/> makes both names share
/// one schedule.
/// </remarks>
internal sealed class ChannelPacer(TimeProvider timeProvider, TimeSpan interval)
{
    private const int PruneAbove = 1024;
    private readonly Dictionary<string, DateTimeOffset> _nextSlot = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _channelOf = new(StringComparer.Ordinal);
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

            var key = _channelOf.GetValueOrDefault(channel, channel);
            var slot = _nextSlot.TryGetValue(key, out var next) && next > now ? next : now;
            _nextSlot[key] = slot + interval;
            wait = slot - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
        }
    }

    /// <summary>Notes that Slack delivered a message for <paramref name="target"/> to <paramref name="channelId"/>.</summary>
    public void Learn(string target, string channelId)
    {
        if (string.Equals(target, channelId, StringComparison.Ordinal))
        {
            return;
        }

        lock (_gate)
        {
            if (_channelOf.TryGetValue(target, out var known) && string.Equals(known, channelId, StringComparison.Ordinal))
            {
                return;
            }

            if (_channelOf.Count > PruneAbove)
            {
                // Requesters' direct messages each add a user: forgetting costs at most one unpaced message per user.
                _channelOf.Clear();
            }

            _channelOf[target] = channelId;
            if (_nextSlot.Remove(target, out var booked) && (!_nextSlot.TryGetValue(channelId, out var next) || next < booked))
            {
                _nextSlot[channelId] = booked;
            }
        }
    }
}
