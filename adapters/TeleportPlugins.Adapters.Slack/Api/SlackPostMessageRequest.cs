namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// The body of <c>chat.postMessage</c>. <c>thread_ts</c> is a string, as Slack requires; <c>metadata</c> marks what
/// the message is, for a resumed step to find it.
/// </summary>
internal sealed record SlackPostMessageRequest(string Channel, string Text, IReadOnlyList<SlackBlock>? Blocks = null, string? ThreadTs = null, SlackMessageMetadata? Metadata = null);
