namespace TeleportPlugins.Simulator;

/// <summary>The state of an access request (Teleport's types.RequestState without NONE).</summary>
public enum SimulatedRequestState
{
    /// <summary>Waiting for reviews.</summary>
    Pending = 1,
    /// <summary>Approved by reviews or directly.</summary>
    Approved = 2,
    /// <summary>Denied by reviews or directly.</summary>
    Denied = 3,
    /// <summary>Promoted to an access list; never produced by the simulator itself.</summary>
    Promoted = 4,
}
