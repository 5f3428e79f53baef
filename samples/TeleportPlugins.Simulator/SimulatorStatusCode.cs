namespace TeleportPlugins.Simulator;

/// <summary>
/// The gRPC status codes the simulator returns; the numbers are gRPC's, the mapping from Teleport errors follows
/// gravitational/trace (AccessDenied → PermissionDenied, BadParameter → InvalidArgument, CompareFailed → FailedPrecondition, ...).
/// </summary>
public enum SimulatorStatusCode
{
    /// <summary>Success.</summary>
    Ok = 0,
    /// <summary>The call was cancelled.</summary>
    Cancelled = 1,
    /// <summary>Any other error.</summary>
    Unknown = 2,
    /// <summary>Teleport's BadParameter.</summary>
    InvalidArgument = 3,
    /// <summary>The grpc-timeout passed.</summary>
    DeadlineExceeded = 4,
    /// <summary>Teleport's NotFound.</summary>
    NotFound = 5,
    /// <summary>Teleport's AlreadyExists.</summary>
    AlreadyExists = 6,
    /// <summary>Teleport's AccessDenied.</summary>
    PermissionDenied = 7,
    /// <summary>Teleport's LimitExceeded, and messages over 4 MiB.</summary>
    ResourceExhausted = 8,
    /// <summary>Teleport's CompareFailed (plugin data compare-and-swap).</summary>
    FailedPrecondition = 9,
    /// <summary>Teleport's NotImplemented and unknown methods.</summary>
    Unimplemented = 12,
    /// <summary>A bug or malformed input the server cannot parse.</summary>
    Internal = 13,
    /// <summary>Teleport's ConnectionProblem; dropped watch streams end with it.</summary>
    Unavailable = 14,
    /// <summary>No client identity.</summary>
    Unauthenticated = 16,
}
