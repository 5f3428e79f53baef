namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// An interaction Discord POSTs to the Interactions Endpoint URL: PING (1), a component click (3) or a modal submit
/// (5); who acted is <c>member.user</c> in a server, <c>user</c> in a direct message. <c>token</c> answers it later.
/// </summary>
internal sealed record DiscordInteraction(string? Id, string? ApplicationId, int Type, string? Token, DiscordInteractionData? Data, DiscordMember? Member, DiscordUser? User);
