namespace TeleportPlugins.Simulator.Grpc;

/// <summary>The Auth Service RPCs the simulator serves (proto.AuthService, and UsersService's GetUser and ListUsers), named as on the wire; the index of each one's counter.</summary>
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
    ListResources,

    // teleport.users.v1.UsersService, counted with the Auth Service's calls: the same process and backend serve it.
    ListUsers,
    GetUser,
}
