using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Simulator.Identity;
using TeleportPlugins.Simulator.State;

namespace TeleportPlugins.Simulator.Grpc;

/// <summary>
/// Serves <c>POST /proto.AuthService/{method}</c> by hand (Grpc.AspNetCore is not available): reads the one request
/// message, applies RBAC for the caller named by the client certificate, answers with length-prefixed messages and
/// always ends with grpc-status/grpc-message trailers.
/// </summary>
internal sealed class AuthServiceEndpoint(AccessRequestStore store, SimulatorOptions options, ILogger logger)
{
    public const string ServiceName = "proto.AuthService";

    public async Task HandleAsync(HttpContext http, string method)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/grpc";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        if (GrpcHeaders.ParseTimeout(http.Request.Headers["grpc-timeout"]) is { } timeout)
        {
            deadline.CancelAfter(timeout);
        }

        var status = SimulatorStatusCode.Ok;
        var message = "";
        var user = "";
        try
        {
            var caller = Authenticate(http);
            user = caller.User;
            await DispatchAsync(http, method, caller, deadline.Token);
        }
        catch (SimulatorException e)
        {
            (status, message) = (e.StatusCode, e.Message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to send a status to.
            return;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            (status, message) = (SimulatorStatusCode.DeadlineExceeded, "context deadline exceeded");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException)
        {
            (status, message) = (SimulatorStatusCode.Internal, "grpc: malformed request stream");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A simulator bug: report it like a Go server's untyped error rather than resetting the stream.
            SimulatorLog.CallCrashed(logger, e, method);
            (status, message) = (SimulatorStatusCode.Unknown, "internal simulator error");
        }

        if (status != SimulatorStatusCode.Ok)
        {
            SimulatorLog.CallFailed(logger, method, user, status, message);
        }

        http.Response.AppendTrailer("grpc-status", ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message.Length > 0)
        {
            http.Response.AppendTrailer("grpc-message", GrpcHeaders.EncodeMessage(message));
        }
    }

    private static CallerIdentity Authenticate(HttpContext http)
    {
        // Kestrel already required the certificate and verified it against the cluster CA during the handshake.
        var certificate = http.Connection.ClientCertificate
            ?? throw new SimulatorException(SimulatorStatusCode.Unauthenticated, "client certificate required");
        var (user, roles) = ClusterAuthority.ReadIdentity(certificate);
        if (user.Length == 0)
        {
            throw SimulatorException.AccessDenied("client certificate names no user");
        }

        return new CallerIdentity(user, roles);
    }

    private Task DispatchAsync(HttpContext http, string method, CallerIdentity caller, CancellationToken cancellationToken) =>
        method switch
        {
            "Ping" => UnaryAsync(http, PingRequest.Parser, _ => Ping(http), cancellationToken),
            "WatchEvents" => WatchAsync(http, caller, cancellationToken),
            "GetAccessRequestsV2" => StreamAsync(http, AccessRequestFilter.Parser, filter =>
            {
                caller.Demand(Permission.ListRequests | Permission.ReadRequests, "list, read", AccessRequestStore.AccessRequestKind);
                return store.Get(filter);
            }, cancellationToken),
            "ListAccessRequests" => UnaryAsync(http, ListAccessRequestsRequest.Parser, request =>
            {
                if (options.ListAccessRequestsUnimplemented)
                {
                    throw UnknownMethod(method);
                }

                caller.Demand(Permission.ListRequests | Permission.ReadRequests, "list, read", AccessRequestStore.AccessRequestKind);
                return store.List(request);
            }, cancellationToken),
            "CreateAccessRequestV2" => UnaryAsync(http, AccessRequestV3.Parser, request =>
            {
                // Anyone may request roles for themselves; creating for someone else needs create on access_request.
                if (request.Spec?.User != caller.User)
                {
                    caller.Demand(Permission.CreateRequests, "create", AccessRequestStore.AccessRequestKind);
                }

                return store.Create(request, caller.User);
            }, cancellationToken),
            "DeleteAccessRequest" => UnaryAsync(http, RequestID.Parser, request =>
            {
                caller.Demand(Permission.DeleteRequests, "delete", AccessRequestStore.AccessRequestKind);
                store.Delete(request.ID, caller.User);
                return new Empty();
            }, cancellationToken),
            "SetAccessRequestState" => UnaryAsync(http, RequestStateSetter.Parser, setter =>
            {
                caller.Demand(Permission.UpdateRequests, "update", AccessRequestStore.AccessRequestKind);
                store.SetState(setter, caller.User);
                return new Empty();
            }, cancellationToken),
            "SubmitAccessReview" => UnaryAsync(http, AccessReviewSubmission.Parser, submission => Review(submission, caller), cancellationToken),
            "GetPluginData" => UnaryAsync(http, PluginDataFilter.Parser, filter =>
            {
                caller.Demand(Permission.ReadPluginData, "list, read", "access_plugin_data");
                return store.GetPluginData(filter);
            }, cancellationToken),
            "UpdatePluginData" => UnaryAsync(http, PluginDataUpdateParams.Parser, update =>
            {
                caller.Demand(Permission.UpdatePluginData, "update", "access_plugin_data");
                store.UpdatePluginData(update);
                return new Empty();
            }, cancellationToken),
            _ => throw UnknownMethod(method),
        };

    private PingResponse Ping(HttpContext http) => new()
    {
        ClusterName = options.ClusterName,
        ServerVersion = options.ServerVersion,
        ProxyPublicAddr = options.ProxyPublicAddress,
        RemoteAddr = $"{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}",
        ServerFeatures = new Features
        {
            AdvancedAccessWorkflows = options.AdvancedAccessWorkflows,
            AccessControls = true,
        },
    };

    private AccessRequestV3 Review(AccessReviewSubmission submission, CallerIdentity caller)
    {
        if (!caller.Has(Permission.Review))
        {
            throw SimulatorException.AccessDenied($"user \"{caller.User}\" cannot submit reviews: no review_requests permission");
        }

        var review = submission.Review ?? new AccessReview();
        if (review.Author.Length == 0)
        {
            review.Author = caller.User;
        }
        else if (review.Author != caller.User && !caller.Has(Permission.ReviewOnBehalf))
        {
            throw SimulatorException.AccessDenied($"user \"{caller.User}\" cannot submit reviews on behalf of \"{review.Author}\"");
        }

        return store.SubmitReview(submission.RequestID, review, caller.User);
    }

    private async Task WatchAsync(HttpContext http, CallerIdentity caller, CancellationToken cancellationToken)
    {
        var watch = await GrpcFraming.ReadRequestAsync(http.Request.Body, Watch.Parser, cancellationToken);
        caller.Demand(Permission.ListRequests | Permission.ReadRequests, "list, read", AccessRequestStore.AccessRequestKind);
        var subscription = store.Watch(watch);
        SimulatorLog.WatchOpened(logger, caller.User);
        try
        {
            await http.Response.StartAsync(cancellationToken);
            await foreach (var ev in subscription.Events.ReadAllAsync(cancellationToken))
            {
                await GrpcFraming.WriteMessageAsync(http.Response.Body, ev, cancellationToken);
            }
        }
        finally
        {
            store.Unwatch(subscription);
        }
    }

    private static async Task UnaryAsync<TRequest>(
        HttpContext http, MessageParser<TRequest> parser, Func<TRequest, IMessage> handle, CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
    {
        var request = await GrpcFraming.ReadRequestAsync(http.Request.Body, parser, cancellationToken);
        var response = handle(request);
        await GrpcFraming.WriteMessageAsync(http.Response.Body, response, cancellationToken);
    }

    private static async Task StreamAsync<TRequest>(
        HttpContext http, MessageParser<TRequest> parser, Func<TRequest, IEnumerable<IMessage>> handle, CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
    {
        var request = await GrpcFraming.ReadRequestAsync(http.Request.Body, parser, cancellationToken);
        foreach (var message in handle(request))
        {
            await GrpcFraming.WriteMessageAsync(http.Response.Body, message, cancellationToken);
        }
    }

    // grpc-go's wording, so clients that match on it (or only on the code) behave as against a real server.
    private static SimulatorException UnknownMethod(string method) =>
        SimulatorException.NotImplemented($"unknown method {method} for service {ServiceName}");
}
