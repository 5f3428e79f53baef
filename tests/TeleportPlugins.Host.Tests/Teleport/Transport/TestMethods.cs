using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Host.Tests.Teleport.Transport;

/// <summary>The AuthService RPCs the conformance tests call.</summary>
internal static class TestMethods
{
    public static readonly GrpcMethod<PingRequest, PingResponse> Ping =
        new("/proto.AuthService/Ping", PingRequest.Parser, PingResponse.Parser);

    public static readonly GrpcMethod<Watch, Event> WatchEvents =
        new("/proto.AuthService/WatchEvents", Watch.Parser, Event.Parser);

    public static readonly GrpcMethod<AccessRequestV3, AccessRequestV3> CreateAccessRequestV2 =
        new("/proto.AuthService/CreateAccessRequestV2", AccessRequestV3.Parser, AccessRequestV3.Parser);

    public static readonly GrpcMethod<ListAccessRequestsRequest, ListAccessRequestsResponse> ListAccessRequests =
        new("/proto.AuthService/ListAccessRequests", ListAccessRequestsRequest.Parser, ListAccessRequestsResponse.Parser);
}
