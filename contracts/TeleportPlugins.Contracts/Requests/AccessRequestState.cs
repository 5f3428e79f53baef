namespace TeleportPlugins.Contracts;

/// <summary>The state of an Access Request; the numbers are Teleport's.</summary>
public enum AccessRequestState
{
    /// <summary>Unset.</summary>
    None = 0,

    /// <summary>Awaiting reviews.</summary>
    Pending = 1,

    /// <summary>Approved: the requester may assume the roles.</summary>
    Approved = 2,

    /// <summary>Denied.</summary>
    Denied = 3,

    /// <summary>Promoted to an Access List.</summary>
    Promoted = 4,
}
