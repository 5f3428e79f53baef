using System.Globalization;
using System.Text;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Jira;

/// <summary>The issue and comment texts, in Jira wiki markup (REST v2), worded like Teleport's Jira plugin.</summary>
internal static class JiraText
{
    /// <summary>Jira rejects summaries longer than 255 characters.</summary>
    public const int SummaryLimit = 255;

    public static string Summary(AccessRequestSnapshot request)
    {
        var summary = request.Roles.Count > 0
            ? $"{request.User} requested {TicketText.Roles(request)}"
            : $"{request.User} requested access to {request.Resources.Count} resources";
        if (summary.Length < SummaryLimit)
        {
            return summary;
        }

        summary = $"{request.User} requested access to {request.Roles.Count} roles";
        return TextLimits.Truncate(summary, SummaryLimit);
    }

    public static string Description(AccessRequestSnapshot request)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"User *{Escape(request.User)}* requested access on *{request.Created.ToString("r", CultureInfo.InvariantCulture)}*");
        if (request.Roles.Count > 0)
        {
            text.Append(" with the following roles:\n");
            foreach (var role in request.Roles)
            {
                text.Append(CultureInfo.InvariantCulture, $"* {Escape(role)}\n");
            }
        }
        else
        {
            text.Append('\n');
        }

        if (request.Resources.Count > 0)
        {
            text.Append("Resources:\n");
            foreach (var resource in request.Resources)
            {
                text.Append(CultureInfo.InvariantCulture, $"* {Escape(resource.ToString())}\n");
            }
        }

        if (request.Reason.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Reason:\n{NoFormat(TicketText.Reason(request.Reason))}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Request ID: *{request.Id}*\n");
        text.Append(TicketText.ReviewHint(request));
        return text.ToString();
    }

    public static string Review(AccessReview review)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"*{Escape(review.Author)}* reviewed the request at *{review.Created.ToString("r", CultureInfo.InvariantCulture)}*.\n");
        text.Append(CultureInfo.InvariantCulture, $"Resolution: *{review.ProposedState.ToString().ToUpperInvariant()}*.");
        if (review.Reason.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nReason:\n{NoFormat(TicketText.Reason(review.Reason))}");
        }

        return text.ToString();
    }

    public static string Resolution(string tag, string reason) =>
        reason.Length == 0
            ? $"Access request has been {tag}"
            : $"Access request has been {tag}\nReason:\n{NoFormat(TicketText.Reason(reason))}";

    /// <summary>
    /// A user mention in Jira's wiki markup, which notifies the user: <c>[~accountid:&lt;id&gt;]</c> for an
    /// <c>escalate_to</c> entry written <c>accountid:&lt;id&gt;</c> (Jira Cloud), <c>[~name]</c> for a user name (Data
    /// Center). An entry with characters no account ID or user name has is written as escaped text, not markup.
    /// </summary>
    /// <param name="user">The entry as configured.</param>
    /// <returns>The mention.</returns>
    public static string Mention(string user) =>
        user.Length > 0 && user.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '.' or '_' or '@' or '-') ? $"[~{user}]" : Escape(user);

    // Free text goes into a noformat block so that a requester cannot inject links or macros into the issue.
    private static string NoFormat(string text) =>
        "{noformat}\n" + text.Replace("{noformat}", "{ noformat}", StringComparison.OrdinalIgnoreCase) + "\n{noformat}";

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '_' or '{' or '}' or '[' or ']' or '|' or '!' or '^' or '~' or '+' or '\\' or '#')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
