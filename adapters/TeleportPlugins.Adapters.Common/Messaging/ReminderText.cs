namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>
/// The words every adapter's reminder and escalation share (a chat reply, an e-mail, a ticket comment), so that a
/// reviewer sees the same sentence in every tool and a mail filter or search finds it.
/// </summary>
public static class ReminderText
{
    /// <summary>The reminder's sentence: <c>Reminder 2: request &lt;id&gt; is still waiting for a review.</c></summary>
    /// <param name="requestId">The request's ID, already escaped for the tool's markup where it has one.</param>
    /// <param name="number">The reminder's number.</param>
    /// <returns>The sentence.</returns>
    public static string StillWaiting(string requestId, int number) =>
        FormattableString.Invariant($"Reminder {number}: request {requestId} is still waiting for a review.");

    /// <summary>
    /// A reminder's comment on a ticket (an issue, an incident): the sentence and, when the reminder escalates, a line
    /// naming the escalation recipients in the tool's mention form, so that the tool notifies them.
    /// </summary>
    /// <param name="requestId">The request's ID, escaped for the tool's markup.</param>
    /// <param name="number">The reminder's number.</param>
    /// <param name="mentions">The escalation recipients as the tool's mentions; empty when the reminder does not escalate.</param>
    /// <param name="waited">How long the request has waited since it was created.</param>
    /// <returns>The comment.</returns>
    public static string Comment(string requestId, int number, IReadOnlyList<string> mentions, TimeSpan waited)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        var sentence = StillWaiting(requestId, number);
        return mentions.Count == 0 ? sentence : $"{sentence}\nEscalated to {string.Join(", ", mentions)}: waiting for a review for {Waited(waited)}.";
    }

    /// <summary>A wait in whole days, hours and minutes, e.g. <c>1d 2h</c>, <c>2h 30m</c>, <c>45m</c>.</summary>
    /// <param name="waited">How long the request has waited.</param>
    /// <returns>The wait as text.</returns>
    public static string Waited(TimeSpan waited)
    {
        if (waited < TimeSpan.FromMinutes(1))
        {
            return "less than a minute";
        }

        var parts = new List<string>(3);
        if (waited.Days > 0)
        {
            parts.Add(FormattableString.Invariant($"{waited.Days}d"));
        }

        if (waited.Hours > 0)
        {
            parts.Add(FormattableString.Invariant($"{waited.Hours}h"));
        }

        // Minutes would be noise next to days.
        if (waited.Minutes > 0 && waited.Days == 0)
        {
            parts.Add(FormattableString.Invariant($"{waited.Minutes}m"));
        }

        return string.Join(' ', parts);
    }
}
