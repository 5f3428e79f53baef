namespace TeleportPlugins.Adapters.Discord;

/// <summary>The body of Create Message and Edit Message.</summary>
internal sealed record DiscordMessageRequest(string Content, DiscordAllowedMentions AllowedMentions, DiscordMessageReference? MessageReference = null);
