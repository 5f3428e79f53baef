namespace TeleportPlugins.Adapters.Slack;

/// <summary>The part of a conversation (channel, DM) the adapter needs.</summary>
internal sealed record SlackConversation(string Id, string? Name);
