using System.Globalization;

namespace TeleportPlugins.Contracts;

/// <summary>A reminder to one owner that an access list is due (or overdue) for review.</summary>
/// <param name="AccessList">The access list's name (its ID).</param>
/// <param name="Title">The list's title as shown in Teleport; its name when it has none.</param>
/// <param name="Owner">The Teleport user reminded (directly or through a nested owner list).</param>
/// <param name="NextAuditDate">When the review is due.</param>
/// <param name="DaysPastDue">Whole days since the due date; null while it is not yet due.</param>
/// <param name="Link">The list in the Teleport Web UI (<c>https://&lt;proxy&gt;/web/accesslists/&lt;name&gt;</c>); null when the proxy is unknown.</param>
public sealed record AccessListReminder(string AccessList, string Title, string Owner, DateTimeOffset NextAuditDate, int? DaysPastDue, Uri? Link)
{
    /// <summary>Whether the due date has passed (reminders are then daily rather than weekly).</summary>
    public bool Overdue => DaysPastDue is not null;

    /// <summary>The reminder as plain text, worded as Teleport's Slack plugin words it, with the link on its own line.</summary>
    /// <returns>The text.</returns>
    public string ToText()
    {
        var text = DaysPastDue is { } days
            ? string.Format(CultureInfo.InvariantCulture, "Access List {0} is {1} day(s) past due for a review! Please review it.", Title, days)
            : string.Format(
                CultureInfo.InvariantCulture,
                "Access List {0} is due for a review by {1:yyyy-MM-dd}. Please review it soon!",
                Title,
                NextAuditDate.UtcDateTime);
        return Link is null ? text : $"{text}\n{Link}";
    }
}
