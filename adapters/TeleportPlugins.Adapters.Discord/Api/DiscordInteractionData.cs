namespace TeleportPlugins.Adapters.Discord;

/// <summary>A click's <c>custom_id</c>, or a modal's with the inputs the user filled in.</summary>
internal sealed record DiscordInteractionData(string? CustomId, int? ComponentType, IReadOnlyList<DiscordComponent>? Components);
