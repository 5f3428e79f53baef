using System.Net;

namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>Status codes for failures that carry no grpc-status, as the gRPC HTTP/2 protocol spec assigns them.</summary>
internal static class GrpcStatusMapping
{
    /// <summary>A response without grpc-status whose HTTP status is not 200 (e.g. from a proxy in between).</summary>
    public static GrpcStatusCode FromHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => GrpcStatusCode.Internal,
        HttpStatusCode.Unauthorized => GrpcStatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => GrpcStatusCode.PermissionDenied,
        HttpStatusCode.NotFound => GrpcStatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests
            or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };

    /// <summary>A stream the server reset with an HTTP/2 error code (RST_STREAM).</summary>
    public static GrpcStatusCode FromHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => GrpcStatusCode.Unavailable, // REFUSED_STREAM: not processed, safe to retry
        0x8 => GrpcStatusCode.Cancelled, // CANCEL
        0xB => GrpcStatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xC => GrpcStatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => GrpcStatusCode.Internal, // NO_ERROR, PROTOCOL_ERROR, INTERNAL_ERROR, FLOW_CONTROL_ERROR, ...
    };
}
