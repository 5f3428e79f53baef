using Google.Protobuf.WellKnownTypes;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Host.Teleport;

/// <summary>The AuthService RPCs the host calls: full paths and message parsers for the transport.</summary>
internal static class AuthServiceMethods
{
    public static readonly GrpcMethod<PingRequest, PingResponse> Ping = New(nameof(Ping), PingRequest.Parser, PingResponse.Parser);

    public static readonly GrpcMethod<Watch, Event> WatchEvents = New(nameof(WatchEvents), Watch.Parser, Event.Parser);

    public static readonly GrpcMethod<AccessRequestFilter, AccessRequestV3> GetAccessRequestsV2 =
        New(nameof(GetAccessRequestsV2), AccessRequestFilter.Parser, AccessRequestV3.Parser);

    public static readonly GrpcMethod<ListAccessRequestsRequest, ListAccessRequestsResponse> ListAccessRequests =
        New(nameof(ListAccessRequests), ListAccessRequestsRequest.Parser, ListAccessRequestsResponse.Parser);

    public static readonly GrpcMethod<AccessRequestV3, AccessRequestV3> CreateAccessRequestV2 =
        New(nameof(CreateAccessRequestV2), AccessRequestV3.Parser, AccessRequestV3.Parser);

    public static readonly GrpcMethod<RequestID, Empty> DeleteAccessRequest = New(nameof(DeleteAccessRequest), RequestID.Parser, Empty.Parser);

    public static readonly GrpcMethod<RequestStateSetter, Empty> SetAccessRequestState =
        New(nameof(SetAccessRequestState), RequestStateSetter.Parser, Empty.Parser);

    public static readonly GrpcMethod<AccessReviewSubmission, AccessRequestV3> SubmitAccessReview =
        New(nameof(SubmitAccessReview), AccessReviewSubmission.Parser, AccessRequestV3.Parser);

    public static readonly GrpcMethod<PluginDataFilter, PluginDataSeq> GetPluginData =
        New(nameof(GetPluginData), PluginDataFilter.Parser, PluginDataSeq.Parser);

    public static readonly GrpcMethod<PluginDataUpdateParams, Empty> UpdatePluginData =
        New(nameof(UpdatePluginData), PluginDataUpdateParams.Parser, Empty.Parser);

    private static GrpcMethod<TRequest, TResponse> New<TRequest, TResponse>(
        string name, Google.Protobuf.MessageParser<TRequest> request, Google.Protobuf.MessageParser<TResponse> response)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse> =>
        new("/proto.AuthService/" + name, request, response);
}
