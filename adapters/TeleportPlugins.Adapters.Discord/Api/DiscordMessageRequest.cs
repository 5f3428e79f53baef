namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// The body of Create Message and Edit Message. A create carries a <c>nonce</c> with <c>enforce_nonce</c> (Discord
/// answers the message already created with that nonce in the past few minutes instead of a second one) and an embed
/// whose footer names the request and item; an edit sends neither, and Discord keeps the embed.
/// </summary>
internal sealed record DiscordMessageRequest(
    string Content,
    DiscordAllowedMentions AllowedMentions,
    DiscordMessageReference? MessageReference = null,
    string? Nonce = null,
    bool? EnforceNonce = null,
    IReadOnlyList<DiscordEmbed>? Embeds = null);
