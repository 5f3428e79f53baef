using System.Globalization;
using System.Text;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// The subjects and plain-text bodies, in the shape of Teleport's e-mail plugin ("ID: …", "Status: ⏳ PENDING"), so
/// mail filters written for it keep working.
/// </summary>
internal static class EmailMessages
{
    // Reasons are free text of any length; a mail body has no hard limit, but a reviewer's inbox deserves one.
    private const int ReasonLimit = 4000;

    /// <summary>The subject of every e-mail about a request; constant, so that mail clients thread replies.</summary>
    /// <param name="cluster">The cluster name.</param>
    /// <param name="requestId">The request ID.</param>
    /// <returns>The subject.</returns>
    public static string Subject(string cluster, string requestId) => $"{cluster} Role Request {requestId}";

    /// <summary>The announcement of a new request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cluster">The cluster name.</param>
    /// <returns>The body.</returns>
    public static string NewRequest(AccessRequestSnapshot request, string cluster) =>
        Body("You have a new Role Request", request, cluster, "⏳ PENDING", resolveReason: string.Empty, reviewHints: true);

    /// <summary>The reply announcing the resolution.</summary>
    /// <param name="request">The resolved request.</param>
    /// <param name="cluster">The cluster name.</param>
    /// <returns>The body.</returns>
    public static string Resolved(AccessRequestSnapshot request, string cluster) =>
        Body("Role Request has been resolved", request, cluster, Status(request.State), request.ResolveReason, reviewHints: false);

    /// <summary>The notice to the requester that the request was resolved.</summary>
    /// <param name="request">The resolved request.</param>
    /// <param name="cluster">The cluster name.</param>
    /// <returns>The body.</returns>
    public static string RequesterNotice(AccessRequestSnapshot request, string cluster) =>
        Body($"Your Role Request has been {request.State.ToString().ToLowerInvariant()}", request, cluster, Status(request.State), request.ResolveReason, reviewHints: false);

    /// <summary>The reply announcing that the request expired while pending.</summary>
    /// <param name="request">The last known request (possibly only its ID).</param>
    /// <param name="cluster">The cluster name.</param>
    /// <returns>The body.</returns>
    public static string Expired(AccessRequestSnapshot request, string cluster) =>
        Body("Role Request has expired", request, cluster, "⌛ EXPIRED", resolveReason: string.Empty, reviewHints: false);

    /// <summary>A reminder's reply in a recipient's thread: the sentence every adapter uses and the link, nothing else.</summary>
    /// <param name="request">The pending request.</param>
    /// <param name="number">The reminder's number.</param>
    /// <returns>The body.</returns>
    public static string Reminder(AccessRequestSnapshot request, int number) => request.WebUiLink is { } link
        ? $"{ReminderText.StillWaiting(request.Id, number)}\nLink: {link}\n"
        : $"{ReminderText.StillWaiting(request.Id, number)}\n";

    /// <summary>The e-mail to an escalation recipient: the request's details under how long it has waited.</summary>
    /// <param name="request">The pending request.</param>
    /// <param name="cluster">The cluster name.</param>
    /// <param name="waited">How long it has waited since it was created.</param>
    /// <returns>The body.</returns>
    public static string Escalation(AccessRequestSnapshot request, string cluster, TimeSpan waited) =>
        Body($"Escalated: this Role Request has waited {ReminderText.Waited(waited)} for a review", request, cluster, "⏳ PENDING", resolveReason: string.Empty, reviewHints: true);

    /// <summary>The reply announcing one review.</summary>
    /// <param name="review">The review.</param>
    /// <returns>The body.</returns>
    public static string Review(AccessReview review)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{review.Author} reviewed the request at {review.Created.ToUniversalTime().ToString("dd MMM yy HH:mm 'UTC'", CultureInfo.InvariantCulture)}.\n");
        builder.Append(CultureInfo.InvariantCulture, $"Resolution: {Status(review.ProposedState)}.\n");
        if (review.Reason.Length > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"Reason: {TextLimits.Truncate(review.Reason, ReasonLimit)}.\n");
        }

        return builder.ToString();
    }

    private static string Status(AccessRequestState state) => state switch
    {
        AccessRequestState.Approved => "✅ APPROVED",
        AccessRequestState.Denied => "❌ DENIED",
        AccessRequestState.Promoted => "PROMOTED",
        _ => "⏳ PENDING",
    };

    private static string Body(string heading, AccessRequestSnapshot request, string cluster, string status, string resolveReason, bool reviewHints)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{heading}:\n\n");
        Field(builder, "ID", request.Id);
        Field(builder, "Cluster", cluster);
        Field(builder, "User", request.User);
        Field(builder, "Role(s)", string.Join(',', request.Roles));
        Field(builder, "Resource(s)", string.Join(", ", request.Resources));
        Field(builder, "Reason", TextLimits.Truncate(request.Reason, ReasonLimit));
        if (request.WebUiLink is not null)
        {
            Field(builder, "Link", request.WebUiLink.ToString());
        }
        else if (reviewHints)
        {
            Field(builder, "Approve", $"tsh request review --approve {request.Id}");
            Field(builder, "Deny", $"tsh request review --deny {request.Id}");
        }

        builder.Append(CultureInfo.InvariantCulture, $"\nStatus: {status}");
        if (resolveReason.Length > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $" ({TextLimits.Truncate(resolveReason, ReasonLimit)})");
        }

        builder.Append('\n');
        return builder.ToString();
    }

    private static void Field(StringBuilder builder, string name, string value)
    {
        if (value.Length > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{name}: {value}\n");
        }
    }
}
