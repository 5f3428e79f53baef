namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// The body of Create Message and Edit Message. A create carries a <c>nonce</c> with <c>enforce_nonce</c> (Discord
/// answers the message already created with that nonce in the past few minutes instead of a second one) and an embed
/// whose footer names the request and item; an edit sends neither, and Discord keeps the embed. With approve-from-tool
/// <c>components</c> holds the Approve and Deny buttons while the request is pending, and is empty (which removes them)
/// once it is not; null leaves it out.
/// </summary>
internal sealed record DiscordMessageRequest(
    string Content,
    DiscordAllowedMentions AllowedMentions,
    DiscordMessageReference? MessageReference = null,
    string? Nonce = null,
    bool? EnforceNonce = null,
    IReadOnlyList<DiscordEmbed>? Embeds = null,
    IReadOnlyList<DiscordComponent>? Components = null);
