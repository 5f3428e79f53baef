namespace TeleportPlugins.Adapters.Discord;

/// <summary>A response's data: a message's content and flags, or a modal's custom ID, title and inputs.</summary>
internal sealed record DiscordInteractionCallbackData(
    string? Content = null,
    int? Flags = null,
    DiscordAllowedMentions? AllowedMentions = null,
    string? CustomId = null,
    string? Title = null,
    IReadOnlyList<DiscordComponent>? Components = null);
