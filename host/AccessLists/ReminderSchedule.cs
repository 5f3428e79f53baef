namespace TeleportPlugins.Host.AccessLists;

/// <summary>
/// When an access list's owners are reminded. Teleport's access list app starts at <c>next_audit_date −
/// notifications.start</c> and reminds once per week counted from there; here, as the issue asks, once the due date has
/// passed the interval becomes a day counted from the due date. An owner is reminded when the last reminder is older than
/// the start of the current interval, so a pass that runs late (or a replica that missed one) still reminds once.
/// </summary>
internal static class ReminderSchedule
{
    /// <summary>The weekly interval before the due date.</summary>
    public static readonly TimeSpan BeforeDue = TimeSpan.FromDays(7);

    /// <summary>The daily interval once overdue.</summary>
    public static readonly TimeSpan Overdue = TimeSpan.FromDays(1);

    /// <summary>The start of the interval <paramref name="now"/> falls in; null outside the notification window.</summary>
    /// <param name="list">The access list.</param>
    /// <param name="now">The time now.</param>
    /// <param name="window">An adapter's own notification window; null: the list's <c>notifications.start</c>.</param>
    /// <returns>The interval's start, or null when no reminder is due.</returns>
    public static DateTimeOffset? IntervalStart(AccessListEntry list, DateTimeOffset now, TimeSpan? window = null)
    {
        if (list.NextAuditDate is not { } due)
        {
            return null;
        }

        var windowStart = due - (window ?? list.NotificationStart);
        if (now < windowStart)
        {
            return null;
        }

        return now < due ? Floor(windowStart, now, BeforeDue) : Floor(due, now, Overdue);
    }

    private static DateTimeOffset Floor(DateTimeOffset origin, DateTimeOffset now, TimeSpan interval) =>
        origin + TimeSpan.FromTicks((now - origin).Ticks / interval.Ticks * interval.Ticks);
}
