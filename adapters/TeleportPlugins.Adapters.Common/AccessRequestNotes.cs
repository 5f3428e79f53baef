using System.Globalization;
using System.Text;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common;

/// <summary>
/// The plain-text wording of Teleport's incident-style plugins (PagerDuty, Opsgenie): the incident body, review notes
/// and resolution notes, and the <c>teleport-access-request/&lt;id&gt;</c> de-duplication key. Kept identical to the
/// anchors so that teams migrating from Teleport's plugins see the same incidents and notes.
/// </summary>
public static class AccessRequestNotes
{
    /// <summary>The prefix of the de-duplication key the anchors use as PagerDuty's incident_key and Opsgenie's alias.</summary>
    public const string IdempotencyKeyPrefix = "teleport-access-request/";

    // User-supplied reasons are cut so that one long reason cannot push a note over a tool's size limit.
    private const int ReasonLimit = 2000;

    /// <summary>The tool-side de-duplication key for a request.</summary>
    /// <param name="requestId">The request ID.</param>
    /// <returns><c>teleport-access-request/&lt;id&gt;</c>.</returns>
    public static string IdempotencyKey(string requestId) => IdempotencyKeyPrefix + requestId;

    /// <summary>The title the anchors give an incident or alert.</summary>
    /// <param name="request">The request.</param>
    /// <returns><c>Access request from &lt;user&gt;</c>.</returns>
    public static string Title(AccessRequestSnapshot request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"Access request from {request.User}";
    }

    /// <summary>
    /// The incident body: who asked for what and when, the reason, and where to review it (the Web UI link, or the
    /// <c>tsh request review</c> commands when the proxy address is unknown).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The text.</returns>
    public static string Description(AccessRequestSnapshot request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{request.User} requested permissions for roles {string.Join(", ", request.Roles)} on Teleport at {FormatTime(request.Created)}.\n");
        if (request.Resources.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Resources: {string.Join(", ", request.Resources)}\n");
        }

        if (request.Reason.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Reason: {TextLimits.Truncate(request.Reason, ReasonLimit)}\n");
        }

        if (request.WebUiLink is { } link)
        {
            text.Append(CultureInfo.InvariantCulture, $"To approve or deny the request, proceed to {link}\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"To approve or deny the request, run:\ntsh request review --approve {request.Id}\ntsh request review --deny {request.Id}\n");
        }

        return text.ToString();
    }

    /// <summary>The note posted for one review.</summary>
    /// <param name="review">The review.</param>
    /// <returns>The text.</returns>
    public static string ReviewNote(AccessReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{review.Author} reviewed the request at {FormatTime(review.Created)}.\n");
        text.Append(CultureInfo.InvariantCulture, $"Resolution: {review.ProposedState.ToString().ToUpperInvariant()}.\n");
        if (review.Reason.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Reason: {TextLimits.Truncate(review.Reason, ReasonLimit)}.");
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>The note posted when a request is resolved or expires.</summary>
    /// <param name="tag">approved, denied, promoted or expired (see <see cref="ResolutionTag"/>).</param>
    /// <param name="reason">The resolution reason, may be empty.</param>
    /// <returns>The text.</returns>
    public static string ResolutionNote(string tag, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return reason.Length == 0
            ? $"Access request has been {tag}"
            : $"Access request has been {tag}\nReason: {TextLimits.Truncate(reason, ReasonLimit)}";
    }

    /// <summary>The anchors' resolution tag for a final state.</summary>
    /// <param name="state">Approved, Denied or Promoted.</param>
    /// <returns>approved, denied or promoted.</returns>
    public static string ResolutionTag(AccessRequestState state) => state switch
    {
        AccessRequestState.Approved => "approved",
        AccessRequestState.Denied => "denied",
        AccessRequestState.Promoted => "promoted",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a final state."),
    };

    /// <summary>The anchors' tag for a request that expired or was deleted while pending.</summary>
    public const string ExpiredTag = "expired";

    // Go's time.RFC822 as the anchors print it ("02 Jan 06 15:04 UTC").
    private static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("dd MMM yy HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
