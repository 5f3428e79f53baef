using System.Globalization;
using System.Text;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.ServiceNow;

/// <summary>The incident texts (plain text), worded like Teleport's ServiceNow plugin.</summary>
internal static class ServiceNowText
{
    /// <summary>The incident table's short_description holds 160 characters.</summary>
    public const int ShortDescriptionLimit = 160;

    /// <summary>Tells ServiceNow users where an incident came from (<c>correlation_display</c>).</summary>
    public const string CorrelationDisplay = "Teleport";

    public static string ShortDescription(AccessRequestSnapshot request) =>
        TextLimits.Truncate($"Teleport access request from user {request.User}", ShortDescriptionLimit);

    public static string Description(AccessRequestSnapshot request)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Teleport user {request.User} submitted access request");
        if (request.Roles.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" for roles {TicketText.Roles(request)}");
        }

        text.Append(CultureInfo.InvariantCulture, $" on Teleport cluster {request.Cluster}.\n");
        if (request.Resources.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Resources: {string.Join(", ", request.Resources)}\n");
        }

        if (request.Reason.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Reason: {TicketText.Reason(request.Reason)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Request ID: {request.Id}\n");
        text.Append(request.WebUiLink is { } link
            ? $"Click this link to review the request in Teleport: {link}"
            : TicketText.ReviewHint(request));
        return text.ToString();
    }

    /// <summary>
    /// The last line of a review's work note, naming the request and the review, so that a resumed attempt finds the
    /// note an unconfirmed one added. Closed by a bracket, so review 1 never matches review 10.
    /// </summary>
    public static string ReviewMarker(string requestId, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"[{AccessRequestNotes.IdempotencyKey(requestId)} review:{index}]");

    public static string Duplicate(string winnerNumber, string requestId) =>
        $"Duplicate of {winnerNumber}: another Teleport plugins replica opened that incident for access request {requestId} at the same time.";
}
