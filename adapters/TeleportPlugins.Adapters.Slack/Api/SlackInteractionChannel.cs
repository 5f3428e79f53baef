namespace TeleportPlugins.Adapters.Slack;

/// <summary>The conversation of the message whose button was clicked.</summary>
internal sealed record SlackInteractionChannel(string? Id);
