namespace TeleportPlugins.Adapters.Slack;

/// <summary>The part of a Slack user the adapter needs (<c>users.lookupByEmail</c>, <c>users.info</c>).</summary>
internal sealed record SlackUser(string Id, SlackUserProfile? Profile = null);
