namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Spaces messages to one channel at least <c>interval</c> apart, across all requests, because Slack allows one
/// message per second per channel and answers bursts with 429. A slot is granted just before the HTTP call, so the
/// interval must keep a margin above Slack's second for network jitter (<see cref="SlackOptions.ChannelPacing"/>).
/// When posts wait for a busy channel, new requests' announcements go before replies and direct messages, so a burst
/// of reviews never delays reviewers learning of a new request. Waiting uses the adapter's clock.
/// </summary>
/// <remarks>
/// A request message is posted to a target as configured (<c>general</c>, a user ID), its replies to the channel ID
/// Slack answered with (<c>C…</c>, <c>D…</c>); Slack limits the channel, so <see cref="Learn"/> makes both names share
/// one schedule. Edits (chat.update) are not channel posts and are not paced here.
/// </remarks>
internal sealed class ChannelPacer(TimeProvider timeProvider, TimeSpan interval)
{
    private const int PruneAbove = 1024;
    private readonly Dictionary<string, ChannelSchedule> _schedules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _channelOf = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Waits until <paramref name="channel"/> may receive the next message, and takes that slot.</summary>
    /// <param name="channel">The target or channel ID.</param>
    /// <param name="priority">Whether the post is an announcement, which goes before waiting follow-ups.</param>
    /// <param name="cancellationToken">Stops waiting; the slot then goes to the next waiter.</param>
    /// <returns>A task that completes when the slot is this post's.</returns>
    public Task WaitTurnAsync(string channel, PostPriority priority, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            PruneIdle(now);
            var key = _channelOf.GetValueOrDefault(channel, channel);
            if (!_schedules.TryGetValue(key, out var schedule))
            {
                schedule = new ChannelSchedule { NextSlot = now };
                _schedules[key] = schedule;
            }

            if (!schedule.HasWaiters && schedule.NextSlot <= now)
            {
                schedule.NextSlot = now + interval;
                return Task.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            schedule.Enqueue(priority, waiter);
            WakeAt(key, schedule, now);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            _ = waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    /// <summary>Notes that Slack delivered a message for <paramref name="target"/> to <paramref name="channelId"/>.</summary>
    /// <param name="target">The target as posted to.</param>
    /// <param name="channelId">The channel ID Slack answered with.</param>
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
            if (_schedules.Remove(target, out var booked))
            {
                if (_schedules.TryGetValue(channelId, out var schedule))
                {
                    schedule.Absorb(booked);
                }
                else
                {
                    booked.Timer?.Dispose();
                    booked.Timer = null;
                    schedule = booked;
                    _schedules[channelId] = schedule;
                }

                if (schedule.HasWaiters)
                {
                    WakeAt(channelId, schedule, timeProvider.GetUtcNow());
                }
            }
        }
    }

    /// <summary>Grants the slot to the first live waiter once it is due, then waits for the next slot if more wait.</summary>
    private void Grant(string key)
    {
        lock (_gate)
        {
            if (!_schedules.TryGetValue(key, out var schedule))
            {
                return; // merged into its channel ID's schedule meanwhile
            }

            var now = timeProvider.GetUtcNow();
            if (schedule.NextSlot <= now && schedule.DequeueLive() is { } waiter)
            {
                schedule.NextSlot = now + interval;
                waiter.TrySetResult();
            }

            if (schedule.HasWaiters)
            {
                WakeAt(key, schedule, now);
            }
        }
    }

    private void WakeAt(string key, ChannelSchedule schedule, DateTimeOffset now)
    {
        var due = schedule.NextSlot > now ? schedule.NextSlot - now : TimeSpan.Zero;
        if (schedule.Timer is { } timer)
        {
            timer.Change(due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            schedule.Timer = timeProvider.CreateTimer(_ => Grant(key), null, due, Timeout.InfiniteTimeSpan);
        }
    }

    private void PruneIdle(DateTimeOffset now)
    {
        if (_schedules.Count <= PruneAbove)
        {
            return;
        }

        foreach (var (key, schedule) in _schedules.Where(pair => !pair.Value.HasWaiters && pair.Value.NextSlot <= now).ToList())
        {
            schedule.Timer?.Dispose();
            _schedules.Remove(key);
        }
    }
}
