namespace TeleportPlugins.Adapters.Teams;

/// <summary>What a Bot Framework token check concluded.</summary>
internal enum BotTokenVerdict
{
    /// <summary>Signed by a published key, for this bot, from the Bot Framework, within its lifetime.</summary>
    Valid = 0,

    /// <summary>Missing, malformed, forged, expired, or for another bot.</summary>
    Refused = 1,

    /// <summary>The signing keys could not be fetched: nothing can be verified now.</summary>
    KeysUnavailable = 2,
}
