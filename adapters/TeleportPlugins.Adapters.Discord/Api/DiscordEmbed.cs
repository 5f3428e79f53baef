namespace TeleportPlugins.Adapters.Discord;

/// <summary>An embed; the adapter sends one holding only a footer that names the request (and the item).</summary>
internal sealed record DiscordEmbed(DiscordEmbedFooter? Footer);
