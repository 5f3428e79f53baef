namespace TeleportPlugins.Adapters.Slack;

/// <summary>The part of a Slack user the adapter needs.</summary>
internal sealed record SlackUser(string Id);
