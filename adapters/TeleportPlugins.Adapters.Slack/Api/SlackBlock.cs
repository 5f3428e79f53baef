namespace TeleportPlugins.Adapters.Slack;

/// <summary>A Block Kit block: a <c>section</c> with text, a <c>context</c> with text elements or <c>actions</c> with buttons.</summary>
internal sealed record SlackBlock(string Type, SlackText? Text = null, IReadOnlyList<SlackElement>? Elements = null, string? BlockId = null)
{
    /// <summary>The actions block holding the Approve and Deny buttons (the name Teleport's own plugin gives it).</summary>
    public const string ReviewBlockId = "review_block";

    /// <summary>The Approve button's action ID.</summary>
    public const string ApproveAction = "approve_button";

    /// <summary>The Deny button's action ID.</summary>
    public const string DenyAction = "deny_button";

    public static SlackBlock Section(string mrkdwn) => new("section", Text: SlackText.Markdown(mrkdwn));

    public static SlackBlock Context(string mrkdwn) => new("context", Elements: [SlackText.Markdown(mrkdwn)]);

    public static SlackBlock ReviewButtons(string requestId) => new(
        "actions",
        Elements:
        [
            new SlackButton(SlackText.Plain("Approve"), ApproveAction, requestId, "primary"),
            new SlackButton(SlackText.Plain("Deny"), DenyAction, requestId, "danger"),
        ],
        BlockId: ReviewBlockId);
}
