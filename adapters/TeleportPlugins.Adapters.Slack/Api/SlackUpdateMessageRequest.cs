namespace TeleportPlugins.Adapters.Slack;

/// <summary>The body of <c>chat.update</c>: the channel ID Slack returned when posting (a DM's D… ID, not a user ID).</summary>
internal sealed record SlackUpdateMessageRequest(string Channel, string Ts, string Text, IReadOnlyList<SlackBlock> Blocks);
