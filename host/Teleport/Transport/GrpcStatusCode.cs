namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>The gRPC status codes, with the numbers they have on the wire (<c>grpc-status</c>).</summary>
internal enum GrpcStatusCode
{
    /// <summary>Not an error.</summary>
    OK = 0,

    /// <summary>The call was cancelled, typically by the caller.</summary>
    Cancelled = 1,

    /// <summary>An error with no better code; also any <c>grpc-status</c> number this client does not know.</summary>
    Unknown = 2,

    /// <summary>Teleport's BadParameter.</summary>
    InvalidArgument = 3,

    /// <summary>The deadline passed before the call completed.</summary>
    DeadlineExceeded = 4,

    /// <summary>Teleport's NotFound.</summary>
    NotFound = 5,

    /// <summary>Teleport's AlreadyExists.</summary>
    AlreadyExists = 6,

    /// <summary>Teleport's AccessDenied.</summary>
    PermissionDenied = 7,

    /// <summary>Teleport's LimitExceeded; also a message over the size limit.</summary>
    ResourceExhausted = 8,

    /// <summary>Teleport's CompareFailed: a plugin data compare-and-swap lost.</summary>
    FailedPrecondition = 9,

    /// <summary>The operation was aborted.</summary>
    Aborted = 10,

    /// <summary>Out of the valid range.</summary>
    OutOfRange = 11,

    /// <summary>Teleport's NotImplemented; also an RPC the server does not have.</summary>
    Unimplemented = 12,

    /// <summary>A broken invariant or a malformed response.</summary>
    Internal = 13,

    /// <summary>Teleport's ConnectionProblem; also no connection at all. Worth retrying.</summary>
    Unavailable = 14,

    /// <summary>Unrecoverable data loss.</summary>
    DataLoss = 15,

    /// <summary>No valid credentials.</summary>
    Unauthenticated = 16,
}
