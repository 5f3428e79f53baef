namespace TeleportPlugins.Host.Reminders;

/// <summary>
/// One adapter's reminder schedule. Reminder n (from 1) is due at creation + <see cref="After"/> + (n - 1) ×
/// <see cref="Repeat"/>; only the latest one due is sent, so a replica that was down does not send the missed ones in a burst.
/// </summary>
/// <param name="After">From creation to the first reminder.</param>
/// <param name="Repeat">Between reminders.</param>
/// <param name="EscalateAfter">Reminders after this number also go to <paramref name="EscalateTo"/>; 0 never.</param>
/// <param name="EscalateTo">The escalation recipients.</param>
internal sealed record ReminderPlan(TimeSpan After, TimeSpan Repeat, int EscalateAfter, IReadOnlyList<string> EscalateTo)
{
    /// <summary>The number of the latest reminder due at <paramref name="now"/>, 0 when none is due yet.</summary>
    /// <param name="created">When the request was created.</param>
    /// <param name="now">The time now.</param>
    /// <returns>The number.</returns>
    public int DueNumber(DateTimeOffset created, DateTimeOffset now)
    {
        var first = created + After;
        return now < first ? 0 : (int)Math.Min(int.MaxValue, ((now - first).Ticks / Repeat.Ticks) + 1);
    }

    /// <summary>When the reminder after the latest one due at <paramref name="now"/> is due.</summary>
    /// <param name="created">When the request was created.</param>
    /// <param name="now">The time now.</param>
    /// <returns>The time, always after <paramref name="now"/>.</returns>
    public DateTimeOffset NextDue(DateTimeOffset created, DateTimeOffset now) =>
        created + After + (Repeat * DueNumber(created, now));

    /// <summary>Where reminder <paramref name="number"/> escalates to: empty unless <see cref="EscalateAfter"/> reminders came before it.</summary>
    /// <param name="number">The reminder's number.</param>
    /// <returns>The recipients.</returns>
    public IReadOnlyList<string> EscalationFor(int number) => EscalateAfter > 0 && number > EscalateAfter ? EscalateTo : [];
}
