using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// Builds the activities: a request message as an Adaptive Card (one text block per line of the details, the status
/// part below a separator with its "Reviews" section, a small footer naming the request, and an "Open" button to the
/// request in the Web UI), and replies and the requester's message as Markdown text ending in their marker line.
/// The footer and marker lines are what a resumed step looks for in the chat (<see cref="TeamsPlatform"/>). With
/// approve-from-tool enabled, a pending request's card also has a reason input and Approve and Deny buttons
/// (<c>Action.Execute</c>); the card rendered once the request is resolved has none.
/// </summary>
internal static class TeamsCards
{
    // Teams refuses a message above about 28 KB; the rendered parts are far smaller, this only bounds a custom template.
    private const int TextLimit = 20_000;
    private const int ReasonLimit = 1000;

    public static BotActivity Activity(ChatMessage message, bool reviewButtons)
    {
        var body = new List<AdaptiveElement>();
        var details = Lines(message.Body);
        body.AddRange(details.Select((line, i) => i == 0 ? new AdaptiveElement(line, Weight: "Bolder", Size: "Medium") : new AdaptiveElement(line, Spacing: "None")));
        body.AddRange(Lines(message.Status).Select((line, i) => i == 0 ? new AdaptiveElement(line, Separator: true) : new AdaptiveElement(line, Spacing: "None")));
        if (message.RequestId is { } requestId)
        {
            body.Add(new AdaptiveElement(Footer(requestId), Size: "Small", IsSubtle: true));
        }

        var actions = new List<AdaptiveAction>();
        if (reviewButtons && message.Pending && message.RequestId is { } pending)
        {
            body.Add(AdaptiveElement.ReasonInput(ReasonLimit));
            actions.Add(AdaptiveAction.Execute("Approve", TeamsReviewEndpoint.ApproveVerb, pending, "positive"));
            actions.Add(AdaptiveAction.Execute("Deny", TeamsReviewEndpoint.DenyVerb, pending, "destructive"));
        }

        if (message.Link is { } link)
        {
            actions.Add(new AdaptiveAction("Open", link));
        }

        return new BotActivity("message", Summary: details.FirstOrDefault(), Attachments: [new BotAttachment(BotAttachment.AdaptiveCardType, new AdaptiveCard(body, actions.Count > 0 ? actions : null))]);
    }

    /// <summary>The card shown to the user who clicked Approve or Deny: what came of it (plain text, escaped here).</summary>
    public static AdaptiveCard Outcome(string requestId, string text) => new(
        [
            new AdaptiveElement(TeamsMarkup.Instance.Escape(TextLimits.Truncate(text, TextLimit)), Weight: "Bolder"),
            new AdaptiveElement("The request's card shows its state again with the next review or its resolution.", Spacing: "None", IsSubtle: true),
            new AdaptiveElement(Footer(requestId), Size: "Small", IsSubtle: true),
        ],
        null);

    public static BotActivity Text(string text, ChatMarker marker) =>
        new("message", $"{TextLimits.Truncate(text, TextLimit)}\n\n{MarkerLine(marker)}", "markdown");

    /// <summary>The footer of every rendering of a request's card.</summary>
    public static string Footer(string requestId) => $"Access request {requestId}";

    /// <summary>The last line of a reply or the requester's message; the brackets keep <c>review:1</c> from matching <c>review:10</c>.</summary>
    public static string MarkerLine(ChatMarker marker) => $"(Access request {marker.RequestId}, {marker.Item})";

    private static List<string> Lines(string text) =>
        [.. TextLimits.Truncate(text, TextLimit).ReplaceLineEndings("\n").Split('\n').Where(l => l.Trim().Length > 0)];
}
