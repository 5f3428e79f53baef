namespace TeleportPlugins.Adapters.Slack;

/// <summary>One channel's next free slot and the posts waiting for it, announcements first (see <see cref="ChannelPacer"/>).</summary>
internal sealed class ChannelSchedule
{
    private readonly Queue<TaskCompletionSource> _announcements = new();
    private readonly Queue<TaskCompletionSource> _followUps = new();

    /// <summary>When the channel may receive its next message.</summary>
    public DateTimeOffset NextSlot { get; set; }

    /// <summary>Wakes the next waiter at <see cref="NextSlot"/>; created when the first post has to wait.</summary>
    public ITimer? Timer { get; set; }

    /// <summary>Whether a post (maybe cancelled meanwhile) is waiting.</summary>
    public bool HasWaiters => _announcements.Count > 0 || _followUps.Count > 0;

    /// <summary>Adds a waiter behind those of the same priority.</summary>
    public void Enqueue(PostPriority priority, TaskCompletionSource waiter) =>
        (priority == PostPriority.Announcement ? _announcements : _followUps).Enqueue(waiter);

    /// <summary>The first waiter not cancelled meanwhile, announcements first; null when none is left.</summary>
    public TaskCompletionSource? DequeueLive() => DequeueLive(_announcements) ?? DequeueLive(_followUps);

    /// <summary>Moves <paramref name="other"/>'s waiters behind this schedule's own, keeping their priorities.</summary>
    public void Absorb(ChannelSchedule other)
    {
        NextSlot = NextSlot > other.NextSlot ? NextSlot : other.NextSlot;
        while (other._announcements.TryDequeue(out var waiter))
        {
            _announcements.Enqueue(waiter);
        }

        while (other._followUps.TryDequeue(out var waiter))
        {
            _followUps.Enqueue(waiter);
        }

        other.Timer?.Dispose();
    }

    private static TaskCompletionSource? DequeueLive(Queue<TaskCompletionSource> queue)
    {
        while (queue.TryDequeue(out var waiter))
        {
            if (!waiter.Task.IsCompleted)
            {
                return waiter;
            }
        }

        return null;
    }
}
