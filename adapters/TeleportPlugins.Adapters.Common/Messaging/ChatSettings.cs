using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>How a <see cref="ChatAdapter"/> picks recipients and renders messages.</summary>
/// <param name="RoleToRecipients">The recipients per requested role, with the <c>"*"</c> fallback.</param>
/// <param name="Recipients">Recipients told about every request (Mattermost's <c>recipients</c>); may be empty.</param>
/// <param name="Templates">The message templates.</param>
/// <param name="NotifyRequester">Whether the requester gets a direct message when the request is resolved.</param>
public sealed record ChatSettings(RoleToRecipients RoleToRecipients, IReadOnlyList<string> Recipients, ChatTemplates Templates, bool NotifyRequester)
{
    /// <summary>The host's clock: an escalation post says how long the request has waited.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
