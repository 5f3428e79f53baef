namespace TeleportPlugins.Adapters.Discord;

/// <summary>Makes a new message a reply to an earlier one in the same channel.</summary>
internal sealed record DiscordMessageReference(string MessageId, string ChannelId, bool FailIfNotExists);
