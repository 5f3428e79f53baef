namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// The answer to an interaction: PONG (1), a message (4; ephemeral with flags 64), a deferred message (5) edited later
/// through the interaction's webhook, or a modal (9).
/// </summary>
internal sealed record DiscordInteractionResponse(int Type, DiscordInteractionCallbackData? Data = null);
