using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Simulator.State;

namespace TeleportPlugins.Simulator.Grpc;

/// <summary>
/// The Auth Service RPCs the simulator serves, with RBAC for the caller named by the client certificate. Methods of
/// the service it does not override answer Unimplemented, as on a real server.
/// </summary>
internal sealed class SimulatedAuthService(
    AccessRequestStore store,
    UserDirectory users,
    CallerAuthenticator callers,
    SimulatorOptions options,
    AuthServiceCallCounter calls,
    ILogger<SimulatedAuthService> logger,
    AccessListStore? accessLists = null,
    ResourceInventory? resources = null)
    : AuthService.AuthServiceBase
{
    private const string ServiceName = "proto.AuthService";
    private const string PluginDataResource = "access_plugin_data";

    private static readonly Task<Empty> Done = Task.FromResult(new Empty());

    public override Task<PingResponse> Ping(PingRequest request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.Ping);
        Authenticate(context);
        var connection = context.GetHttpContext().Connection;
        return Task.FromResult(new PingResponse
        {
            ClusterName = options.ClusterName,
            ServerVersion = options.ServerVersion,
            ProxyPublicAddr = options.ProxyPublicAddress,
            RemoteAddr = $"{connection.RemoteIpAddress}:{connection.RemotePort}",
            ServerFeatures = new Features
            {
                AdvancedAccessWorkflows = options.AdvancedAccessWorkflows,
                AccessControls = true,
            },
        });
    }

    public override async Task WatchEvents(Watch request, IServerStreamWriter<Event> responseStream, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.WatchEvents);
        var caller = Authenticate(context);
        var subscription = store.Watch(WatchAuthorization.Authorize(request, caller));
        SimulatorLog.WatchOpened(logger, caller.User);
        try
        {
            // The store closes the subscription with an RpcException (dropped, overflowed, shutting down), which then
            // ends the call with that status.
            await foreach (var ev in subscription.Events.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(ev, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away or its deadline passed; the framework answers for the call.
        }
        finally
        {
            store.Unwatch(subscription);
        }
    }

    public override async Task GetAccessRequestsV2(
        AccessRequestFilter request, IServerStreamWriter<AccessRequestV3> responseStream, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.GetAccessRequestsV2);
        Authenticate(context).Demand(Permission.ListRequests | Permission.ReadRequests, "list, read", AccessRequestStore.AccessRequestKind);
        foreach (var accessRequest in store.Get(request))
        {
            await responseStream.WriteAsync(accessRequest, context.CancellationToken);
        }
    }

    public override Task<ListAccessRequestsResponse> ListAccessRequests(ListAccessRequestsRequest request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.ListAccessRequests);
        if (options.ListAccessRequestsUnimplemented)
        {
            // grpc-go's wording for a method the server does not have, as a Teleport older than v15 answers.
            throw TeleportErrors.NotImplemented($"unknown method {nameof(ListAccessRequests)} for service {ServiceName}");
        }

        Authenticate(context).Demand(Permission.ListRequests | Permission.ReadRequests, "list, read", AccessRequestStore.AccessRequestKind);
        return Task.FromResult(store.List(request));
    }

    public override Task<AccessRequestV3> CreateAccessRequestV2(AccessRequestV3 request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.CreateAccessRequestV2);
        var caller = Authenticate(context);
        // Anyone may request roles for themselves; creating for someone else needs create on access_request.
        if (request.Spec?.User != caller.User)
        {
            caller.Demand(Permission.CreateRequests, "create", AccessRequestStore.AccessRequestKind);
        }

        return Task.FromResult(store.Create(request, caller.User));
    }

    public override Task<Empty> DeleteAccessRequest(RequestID request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.DeleteAccessRequest);
        var caller = Authenticate(context);
        caller.Demand(Permission.DeleteRequests, "delete", AccessRequestStore.AccessRequestKind);
        store.Delete(request.ID, caller.User);
        return Done;
    }

    public override Task<Empty> SetAccessRequestState(RequestStateSetter request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.SetAccessRequestState);
        var caller = Authenticate(context);
        caller.Demand(Permission.UpdateRequests, "update", AccessRequestStore.AccessRequestKind);
        store.SetState(request, caller.User);
        return Done;
    }

    public override Task<AccessRequestV3> SubmitAccessReview(AccessReviewSubmission request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.SubmitAccessReview);
        var caller = Authenticate(context);
        var review = request.Review ?? new AccessReview();
        if (review.Author.Length == 0)
        {
            review.Author = caller.User;
        }

        if (review.SubmittedOnBehalfOfAuthor && review.Author != caller.User)
        {
            return Task.FromResult(SubmitOnBehalf(request.RequestID, review, caller));
        }

        // Teleport's AuthorizeAccessReviewRequest: the author is the caller (the builtin Admin role excepted), and the
        // caller's roles have review_requests.
        if (review.Author != caller.User && !caller.Has(Permission.ReviewOnBehalf))
        {
            throw CannotSubmitFor(caller.User, review.Author);
        }

        if (!caller.Has(Permission.Review))
        {
            throw TeleportErrors.AccessDenied($"user \"{caller.User}\" cannot submit reviews");
        }

        // The author's own review: nothing was submitted on anyone's behalf.
        review.SubmittedBy = "";
        review.SubmittedOnBehalfOfAuthor = false;
        return Task.FromResult(store.SubmitReview(request.RequestID, review, caller.User));
    }

    /// <summary>
    /// A review for another author (teleport#66230): the submitter must be the caller and hold
    /// review_requests.submit_for_users; then Teleport judges the author's own roles, not the caller's.
    /// </summary>
    private AccessRequestV3 SubmitOnBehalf(string requestId, AccessReview review, CallerIdentity caller)
    {
        if (review.SubmittedBy.Length == 0)
        {
            review.SubmittedBy = caller.User;
        }
        else if (review.SubmittedBy != caller.User)
        {
            throw CannotSubmitFor(caller.User, review.SubmittedBy);
        }

        if (!caller.Has(Permission.SubmitForUsers))
        {
            // Teleport's wording when the caller may not review for the author.
            throw CannotSubmitFor(caller.User, review.Author);
        }

        var author = users.Find(review.Author) ?? throw TeleportErrors.NotFound($"user \"{review.Author}\" is not found");
        var authorMayReview = RolePermissions.Of(author.Roles).HasFlag(Permission.Review);
        return store.SubmitReview(requestId, review, caller.User, authorMayReview);
    }

    private static RpcException CannotSubmitFor(string caller, string other) =>
        TeleportErrors.AccessDenied($"user \"{caller}\" cannot submit reviews on behalf of \"{other}\"");

    /// <summary>
    /// Teleport's RBAC for ListResources: list on the type in the caller's roles, or in its preview_as_roles when the
    /// request asks to use them (what Teleport's access plugins do to read a request's resources). Resources the roles
    /// may not see are left out without an error; the simulator's roles see every label.
    /// </summary>
    public override Task<ListResourcesResponse> ListResources(ListResourcesRequest request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.ListResources);
        var caller = Authenticate(context);
        if (!caller.Has(Permission.ListResources) && !(request.UsePreviewAsRoles && caller.Has(Permission.PreviewResources)))
        {
            caller.Demand(Permission.ListResources, "list", request.ResourceType);
        }

        return Task.FromResult((resources ?? new ResourceInventory()).List(request));
    }

    public override Task<PluginDataSeq> GetPluginData(PluginDataFilter request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.GetPluginData);
        Authenticate(context).Demand(Permission.ReadPluginData, "list, read", PluginDataResource);
        return Task.FromResult(request.Kind == AccessListStore.Kind && accessLists is not null ? accessLists.GetPluginData(request) : store.GetPluginData(request));
    }

    public override Task<Empty> UpdatePluginData(PluginDataUpdateParams request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.UpdatePluginData);
        Authenticate(context).Demand(Permission.UpdatePluginData, "update", PluginDataResource);
        try
        {
            if (request.Kind == AccessListStore.Kind && accessLists is not null)
            {
                accessLists.UpdatePluginData(request);
            }
            else
            {
                store.UpdatePluginData(request);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            calls.CountCompareFailure();
            throw;
        }

        return Done;
    }

    private CallerIdentity Authenticate(ServerCallContext context) => callers.Authenticate(context);
}
