namespace TeleportPlugins.Adapters.Slack;

/// <summary>A user's profile: its e-mail address needs the scope <c>users:read.email</c>.</summary>
internal sealed record SlackUserProfile(string? Email);
