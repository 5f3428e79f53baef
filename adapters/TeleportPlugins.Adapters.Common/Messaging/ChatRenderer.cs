using System.Globalization;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>Fills the templates with a request's values, escaped for the tool's markup and cut to size.</summary>
internal sealed class ChatRenderer(ChatTemplates templates, ChatMarkup markup)
{
    /// <summary>The longest reason shown, as in Teleport's plugins; longer ones are truncated.</summary>
    public const int ReasonLimit = 500;

    // Roles and resources can be many; the list is cut so one request cannot exceed a message's limit.
    private const int ListLimit = 1000;
    private const int ReviewReasonLimit = 200;

    public ChatMessage RenderRequest(AccessRequestSnapshot request, IReadOnlyList<string> resources, string status)
    {
        var body = templates.Message.Render(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = markup.Escape(request.Id),
            ["cluster"] = markup.Escape(request.Cluster),
            ["user"] = markup.Escape(request.User),
            ["roles"] = markup.Escape(TextLimits.Truncate(string.Join(", ", request.Roles.Order(StringComparer.Ordinal)), ListLimit)),
            ["resources"] = resources.Count == 0 ? "none" : markup.Escape(TextLimits.Truncate(string.Join(", ", resources.Order(StringComparer.Ordinal)), ListLimit)),
            ["reason"] = Reason(request.Reason),
            ["link"] = Link(request),
            ["created"] = request.Created.ToString("R", CultureInfo.InvariantCulture),
        });
        return new ChatMessage(body, RenderStatus(request, status), request.WebUiLink, request.Id, request.State == AccessRequestState.Pending);
    }

    public string RenderReview(AccessRequestSnapshot request, AccessReview review) => templates.Review.Render(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["id"] = markup.Escape(request.Id),
        ["author"] = markup.Escape(review.Author),
        ["state"] = ReviewState(review.ProposedState),
        ["reason"] = Reason(review.Reason),
        ["time"] = review.Created.ToString("R", CultureInfo.InvariantCulture),
    });

    public string RenderRequester(AccessRequestSnapshot request, string status) => templates.Requester.Render(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["id"] = markup.Escape(request.Id),
        ["status"] = status,
        ["resolution_reason"] = ResolutionReason(request.ResolveReason),
        ["link"] = Link(request),
    });

    /// <summary>A reminder's reply in the request's thread: the request and its link, nothing else (no reason, no names).</summary>
    public string RenderReminder(AccessRequestSnapshot request, int number) =>
        $"{ReminderText.StillWaiting(markup.Escape(request.Id), number)}\n{Link(request)}";

    /// <summary>
    /// An escalation post: the request message (its template names the request, the requester, the roles and the link)
    /// under a line saying how long the request has waited.
    /// </summary>
    public ChatMessage RenderEscalation(AccessRequestSnapshot request, IReadOnlyList<string> resources, TimeSpan waited)
    {
        var message = RenderRequest(request, resources, Status(AccessRequestState.Pending));
        return message with { Body = $"{markup.Bold("Escalated")}: waiting for a review for {ReminderText.Waited(waited)}.\n{message.Body}" };
    }

    /// <summary>
    /// An escalation post's later edit (a review, the resolution): the request message it is edited to, still marked as
    /// escalated; the wait is left out, as the post's time says when it was escalated.
    /// </summary>
    public ChatMessage AsEscalated(ChatMessage message) => message with { Body = $"{markup.Bold("Escalated")}\n{message.Body}" };

    public static string Status(AccessRequestState state) => state switch
    {
        AccessRequestState.Approved => "✅ APPROVED",
        AccessRequestState.Denied => "❌ DENIED",
        AccessRequestState.Promoted => "PROMOTED",
        _ => "⏳ PENDING",
    };

    public const string Expired = "⌛ EXPIRED";

    private string RenderStatus(AccessRequestSnapshot request, string status) => templates.Status.Render(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["id"] = markup.Escape(request.Id),
        ["status"] = status,
        ["resolution_reason"] = request.IsResolved ? ResolutionReason(request.ResolveReason) : string.Empty,
        ["reviews"] = Reviews(request.Reviews),
    });

    private string Reason(string reason) =>
        reason.Trim().Length == 0 ? "(none)" : markup.CodeBlock(TextLimits.Truncate(reason.Trim(), ReasonLimit));

    private string ResolutionReason(string reason) =>
        reason.Trim().Length == 0 ? string.Empty : $"\n{markup.Bold("Resolution reason")}: {markup.CodeBlock(TextLimits.Truncate(reason.Trim(), ReasonLimit))}";

    private string Reviews(IReadOnlyList<AccessReview> reviews)
    {
        if (reviews.Count == 0)
        {
            return string.Empty;
        }

        var lines = reviews.Select(review => review.Reason.Trim().Length == 0
            ? $"{ReviewState(review.ProposedState)} {markup.Escape(review.Author)}"
            : $"{ReviewState(review.ProposedState)} {markup.Escape(review.Author)}: {markup.Escape(TextLimits.Truncate(review.Reason.Trim(), ReviewReasonLimit))}");
        return $"\n{markup.Bold("Reviews")}:\n{string.Join('\n', lines)}";
    }

    private static string ReviewState(AccessRequestState state) => state == AccessRequestState.Denied ? "❌ DENIED" : "✅ APPROVED";

    private string Link(AccessRequestSnapshot request) => request.WebUiLink is { } link
        ? $"{markup.Bold("Link")}: {link}"
        : $"{markup.Bold("Approve")}: {markup.InlineCode($"tsh request review --approve {request.Id}")}\n{markup.Bold("Deny")}: {markup.InlineCode($"tsh request review --deny {request.Id}")}";
}
