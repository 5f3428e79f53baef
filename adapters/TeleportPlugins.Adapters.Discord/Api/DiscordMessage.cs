namespace TeleportPlugins.Adapters.Discord;

/// <summary>The part of a Discord message object the adapter needs (snowflakes are strings).</summary>
internal sealed record DiscordMessage(string Id, string ChannelId, IReadOnlyList<DiscordEmbed>? Embeds = null, DiscordMessageReference? MessageReference = null);
