namespace TeleportPlugins.Adapters.Discord;

/// <summary>An embed's footer: small text under the embed.</summary>
internal sealed record DiscordEmbedFooter(string Text);
