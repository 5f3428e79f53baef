using Grpc.Core;

namespace TeleportPlugins.Simulator;

/// <summary>
/// Teleport's errors as its Auth Service puts them on the wire: gravitational/trace kinds mapped to gRPC status codes
/// (AccessDenied → PermissionDenied, BadParameter → InvalidArgument, CompareFailed → FailedPrecondition, ...).
/// </summary>
internal static class TeleportErrors
{
    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));

    public static RpcException BadParameter(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException AccessDenied(string message) => new(new Status(StatusCode.PermissionDenied, message));

    public static RpcException CompareFailed(string message) => new(new Status(StatusCode.FailedPrecondition, message));

    public static RpcException NotImplemented(string message) => new(new Status(StatusCode.Unimplemented, message));

    public static RpcException ConnectionProblem(string message) => new(new Status(StatusCode.Unavailable, message));
}
