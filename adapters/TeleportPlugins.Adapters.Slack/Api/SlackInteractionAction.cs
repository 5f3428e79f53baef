namespace TeleportPlugins.Adapters.Slack;

/// <summary>A clicked button: its <c>action_id</c> and <c>value</c>.</summary>
internal sealed record SlackInteractionAction(string? ActionId, string? Value);
