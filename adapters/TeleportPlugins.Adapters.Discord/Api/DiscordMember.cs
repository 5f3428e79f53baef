namespace TeleportPlugins.Adapters.Discord;

/// <summary>The server member who caused an interaction.</summary>
internal sealed record DiscordMember(DiscordUser? User);
