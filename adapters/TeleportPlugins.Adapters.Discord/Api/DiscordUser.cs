namespace TeleportPlugins.Adapters.Discord;

/// <summary>The part of a Discord user the adapter needs.</summary>
internal sealed record DiscordUser(string Id, string? Username);
