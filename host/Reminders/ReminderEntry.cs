using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Reminders;

/// <summary>A pending request in the <see cref="ReminderScheduler"/>: its last snapshot and when it next wakes the dispatch.</summary>
/// <param name="snapshot">The snapshot.</param>
internal sealed class ReminderEntry(AccessRequestSnapshot snapshot)
{
    /// <summary>The most advanced snapshot seen.</summary>
    public AccessRequestSnapshot Snapshot { get; set; } = snapshot;

    /// <summary>When the earliest schedule's next reminder is due.</summary>
    public DateTimeOffset NextDue { get; set; }
}
