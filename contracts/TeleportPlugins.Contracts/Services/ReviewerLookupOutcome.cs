namespace TeleportPlugins.Contracts;

/// <summary>How a tool's user binds to Teleport users (contract 1.4).</summary>
public enum ReviewerLookupOutcome
{
    /// <summary>Exactly one Teleport user.</summary>
    Found = 0,

    /// <summary>No Teleport user: the review is refused.</summary>
    NotFound = 1,

    /// <summary>More than one Teleport user carries the tool's user ID: the review is refused.</summary>
    Ambiguous = 2,

    /// <summary>Teleport could not be asked (permissions, outage): the review is refused for now.</summary>
    Unavailable = 3,
}
