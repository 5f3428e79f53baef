namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>The part of a Mattermost <c>User</c> the adapter needs.</summary>
internal sealed record MattermostUser(string Id, string? Username);
