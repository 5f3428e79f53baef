namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>The part of a Mattermost <c>User</c> the adapter needs (the e-mail only when privacy settings show it).</summary>
internal sealed record MattermostUser(string Id, string? Username, string? Email = null);
