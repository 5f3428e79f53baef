namespace TeleportPlugins.Adapters.Discord;

/// <summary>Which mentions in the content notify anyone: none, so a reason saying "@everyone" pings nobody.</summary>
internal sealed record DiscordAllowedMentions(IReadOnlyList<string> Parse)
{
    public static DiscordAllowedMentions None { get; } = new([]);
}
