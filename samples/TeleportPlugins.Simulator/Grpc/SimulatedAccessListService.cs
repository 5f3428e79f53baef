using Grpc.Core;
using TeleportPlugins.Host.Teleport.Protos.AccessLists;
using TeleportPlugins.Simulator.State;

namespace TeleportPlugins.Simulator.Grpc;

/// <summary>
/// <c>teleport.accesslist.v1.AccessListService</c>: the two listings review reminders call, which need <c>list, read</c>
/// on <c>access_list</c> (AccessDenied otherwise, as on a real server).
/// </summary>
internal sealed class SimulatedAccessListService(AccessListStore lists, CallerAuthenticator callers) : AccessListService.AccessListServiceBase
{
    public override Task<ListAccessListsResponse> ListAccessLists(ListAccessListsRequest request, ServerCallContext context)
    {
        callers.Authenticate(context).Demand(Permission.ReadAccessLists, "list, read", AccessListStore.Kind);
        return Task.FromResult(lists.List(request));
    }

    public override Task<ListAccessListMembersResponse> ListAccessListMembers(ListAccessListMembersRequest request, ServerCallContext context)
    {
        callers.Authenticate(context).Demand(Permission.ReadAccessLists, "list, read", AccessListStore.Kind);
        return Task.FromResult(lists.ListMembers(request));
    }
}
