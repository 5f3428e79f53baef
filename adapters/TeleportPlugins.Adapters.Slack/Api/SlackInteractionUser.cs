namespace TeleportPlugins.Adapters.Slack;

/// <summary>The user who clicked or submitted.</summary>
internal sealed record SlackInteractionUser(string? Id);
