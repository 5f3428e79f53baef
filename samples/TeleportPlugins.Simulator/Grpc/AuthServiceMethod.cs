namespace TeleportPlugins.Simulator.Grpc;

/// <summary>The Auth Service RPCs the simulator serves, named as on the wire; the index of each one's counter.</summary>
internal enum AuthServiceMethod
{
    Ping,
    WatchEvents,
    GetAccessRequestsV2,
    ListAccessRequests,
    CreateAccessRequestV2,
    DeleteAccessRequest,
    SetAccessRequestState,
    SubmitAccessReview,
    GetPluginData,
    UpdatePluginData,
}
