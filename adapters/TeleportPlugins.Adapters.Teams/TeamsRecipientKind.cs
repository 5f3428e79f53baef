namespace TeleportPlugins.Adapters.Teams;

/// <summary>The forms of a Teams recipient.</summary>
internal enum TeamsRecipientKind
{
    /// <summary>A channel, by its URL.</summary>
    Channel,

    /// <summary>A user, by Entra ID object ID.</summary>
    UserId,

    /// <summary>A user, by e-mail address.</summary>
    Email,
}
