using Grpc.Core;
using TeleportPlugins.Host.Teleport.Protos.Users;
using TeleportPlugins.Simulator.State;

namespace TeleportPlugins.Simulator.Grpc;

/// <summary>
/// <c>teleport.users.v1.UsersService</c>: GetUser (read on <c>user</c>) and ListUsers (list and read) with Teleport's RBAC.
/// Secrets are never returned; asking for them needs more than the simulator grants.
/// </summary>
internal sealed class SimulatedUsersService(UserDirectory users, CallerAuthenticator callers, AuthServiceCallCounter calls)
    : UsersService.UsersServiceBase
{
    private const string UserResource = "user";

    public override Task<GetUserResponse> GetUser(GetUserRequest request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.GetUser);
        var caller = callers.Authenticate(context);
        caller.Demand(Permission.ReadUsers, "read", UserResource);
        if (request.WithSecrets)
        {
            caller.Demand(Permission.All, "read_with_secrets", UserResource);
        }

        return Task.FromResult(new GetUserResponse
        {
            User = users.Get(request.Name) ?? throw TeleportErrors.NotFound($"user \"{request.Name}\" is not found"),
        });
    }

    public override Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.ListUsers);
        var caller = callers.Authenticate(context);
        caller.Demand(Permission.ListUsers | Permission.ReadUsers, "list, read", UserResource);
        if (request.WithSecrets)
        {
            caller.Demand(Permission.All, "read_with_secrets", UserResource);
        }

        return Task.FromResult(users.List(request));
    }
}
