using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.GitLab;

/// <summary>Issue and note texts in GitLab Markdown, worded like Teleport's plugins.</summary>
internal static partial class GitLabText
{
    public static string Title(AccessRequestSnapshot request) => TextLimits.Truncate($"Access request from {request.User}", 255);

    public static string Description(AccessRequestSnapshot request)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"User {Code(request.User)} requested access on {request.Created.ToString("r", CultureInfo.InvariantCulture)}.\n\n");
        if (request.Roles.Count > 0)
        {
            text.Append("Roles:\n");
            foreach (var role in request.Roles)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {Code(role)}\n");
            }
        }

        if (request.Resources.Count > 0)
        {
            text.Append("\nResources:\n");
            foreach (var resource in request.Resources)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {Code(resource.ToString())}\n");
            }
        }

        if (request.Reason.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nReason:\n{Quote(TicketText.Reason(request.Reason))}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n{TicketText.ReviewHint(request)}, or add the label \"{GitLabLabels.Approved}\" or \"{GitLabLabels.Denied}\" here when approving from GitLab is enabled.\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Request ID is `{request.Id}`");
        return text.ToString();
    }

    public static string Review(AccessReview review)
    {
        var text = $"{Code(review.Author)} reviewed the request at {review.Created.ToString("r", CultureInfo.InvariantCulture)}.\n\nResolution: **{review.ProposedState.ToString().ToUpperInvariant()}**.";
        return review.Reason.Length == 0 ? text : $"{text}\n\nReason:\n{Quote(TicketText.Reason(review.Reason))}";
    }

    public static string Resolution(string tag, string reason) =>
        reason.Length == 0 ? $"Access request has been {tag}" : $"Access request has been {tag}\n\nReason:\n{Quote(TicketText.Reason(reason))}";

    /// <summary>The request ID written by <see cref="Description"/>, from the issue's description.</summary>
    public static string? RequestIdIn(string? description) =>
        description is not null && RequestIdLine().Match(description) is { Success: true } match ? match.Groups["id"].Value : null;

    /// <summary>
    /// A mention GitLab notifies: <c>@name</c> for an <c>escalate_to</c> entry that is a user name or a group path
    /// (written with or without the <c>@</c>); anything else is inline code, which mentions nobody.
    /// </summary>
    /// <param name="user">The entry as configured.</param>
    /// <returns>The mention.</returns>
    public static string Mention(string user)
    {
        var name = user.TrimStart('@');
        return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/') ? "@" + name : Code(user);
    }

    // Inline code keeps user-supplied names from becoming links, mentions or markup.
    private static string Code(string text) => "`" + text.Replace("`", "'", StringComparison.Ordinal) + "`";

    private static string Quote(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(line => "> " + line.Replace("@", "@\u200b", StringComparison.Ordinal)));

    [GeneratedRegex("^Request ID is `(?<id>[0-9A-Za-z-]+)`$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex RequestIdLine();
}
