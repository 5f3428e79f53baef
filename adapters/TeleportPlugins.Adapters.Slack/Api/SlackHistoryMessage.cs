namespace TeleportPlugins.Adapters.Slack;

/// <summary>The part of a message in <c>conversations.history</c> / <c>conversations.replies</c> the adapter needs.</summary>
internal sealed record SlackHistoryMessage(string Ts, string? ThreadTs, SlackMessageMetadata? Metadata);
