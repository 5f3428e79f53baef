using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Simulator.Identity;
using TeleportPlugins.Simulator.State;

namespace TeleportPlugins.Simulator.Grpc;

/// <summary>
/// The Auth Service RPCs the simulator serves, with RBAC for the caller named by the client certificate. Methods of
/// the service it does not override answer Unimplemented, as on a real server.
/// </summary>
internal sealed class SimulatedAuthService(
    AccessRequestStore store, SimulatorOptions options, AuthServiceCallCounter calls, ILogger<SimulatedAuthService> logger)
    : AuthService.AuthServiceBase
{
    private const string ServiceName = "proto.AuthService";
    private const string PluginDataResource = "access_plugin_data";

    private static readonly Task<Empty> Done = Task.FromResult(new Empty());

    // A connection keeps its certificate object, so its caller is read once, not on every call.
    private readonly ConditionalWeakTable<X509Certificate2, CallerIdentity> _callers = new();

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
        if (!caller.Has(Permission.Review))
        {
            throw TeleportErrors.AccessDenied($"user \"{caller.User}\" cannot submit reviews: no review_requests permission");
        }

        var review = request.Review ?? new AccessReview();
        if (review.Author.Length == 0)
        {
            review.Author = caller.User;
        }
        else if (review.Author != caller.User && !caller.Has(Permission.ReviewOnBehalf))
        {
            throw TeleportErrors.AccessDenied($"user \"{caller.User}\" cannot submit reviews on behalf of \"{review.Author}\"");
        }

        return Task.FromResult(store.SubmitReview(request.RequestID, review, caller.User));
    }

    public override Task<PluginDataSeq> GetPluginData(PluginDataFilter request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.GetPluginData);
        Authenticate(context).Demand(Permission.ReadPluginData, "list, read", PluginDataResource);
        return Task.FromResult(store.GetPluginData(request));
    }

    public override Task<Empty> UpdatePluginData(PluginDataUpdateParams request, ServerCallContext context)
    {
        calls.Count(AuthServiceMethod.UpdatePluginData);
        Authenticate(context).Demand(Permission.UpdatePluginData, "update", PluginDataResource);
        try
        {
            store.UpdatePluginData(request);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            calls.CountCompareFailure();
            throw;
        }

        return Done;
    }

    internal CallerIdentity Authenticate(ServerCallContext context)
    {
        // Kestrel already required the certificate and verified it against the cluster CA during the handshake.
        var certificate = context.GetHttpContext().Connection.ClientCertificate
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "client certificate required"));
        var caller = _callers.GetValue(certificate, Identify);
        if (caller.User.Length == 0)
        {
            throw TeleportErrors.AccessDenied("client certificate names no user");
        }

        return caller;
    }

    private static CallerIdentity Identify(X509Certificate2 certificate)
    {
        var (user, roles) = ClusterAuthority.ReadIdentity(certificate);
        return new CallerIdentity(user, roles);
    }
}
