namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>The part of a Mattermost <c>Channel</c> the adapter needs.</summary>
internal sealed record MattermostChannel(string Id);
