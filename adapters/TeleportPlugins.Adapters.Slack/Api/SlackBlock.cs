namespace TeleportPlugins.Adapters.Slack;

/// <summary>A Block Kit block: a <c>section</c> with text or a <c>context</c> with elements.</summary>
internal sealed record SlackBlock(string Type, SlackText? Text = null, IReadOnlyList<SlackText>? Elements = null)
{
    public static SlackBlock Section(string mrkdwn) => new("section", Text: SlackText.Markdown(mrkdwn));

    public static SlackBlock Context(string mrkdwn) => new("context", Elements: [SlackText.Markdown(mrkdwn)]);
}
