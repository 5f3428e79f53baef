using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Protos.Wrappers;
using TeleportPlugins.Host.Teleport.Transport;
using TeleportPlugins.Host.Tests.Teleport.Transport;

namespace TeleportPlugins.Host.Tests.Teleport.Client;

/// <summary>tests/grpc-reference/teleport.js: Teleport's semantics in @grpc/grpc-js, over cleartext HTTP/2.</summary>
internal sealed class GrpcJsTeleportPeer : ITeleportPeer
{
    private readonly GrpcReferenceServer _server;
    private readonly HttpMessageInvoker _http;
    private readonly HttpGrpcCallInvoker _invoker;

    private GrpcJsTeleportPeer(GrpcReferenceServer server, TeleportClientOptions options)
    {
        _server = server;
        var transport = new GrpcTransportOptions();
        var handler = new SocketsHttpHandler();
        transport.ApplyTo(handler);
        _http = new HttpMessageInvoker(handler);
        _invoker = new HttpGrpcCallInvoker(_http, server.Address, transport, TimeProvider.System, NullLogger.Instance);
        Client = new TeleportClient(_invoker, options, TimeProvider.System, NullLogger<TeleportClient>.Instance);
    }

    public ITeleportClient Client { get; }

    public string ClusterName => "reference.example.com";

    public static async Task<GrpcJsTeleportPeer> StartAsync(TeleportClientOptions options, params string[] arguments) =>
        new(await GrpcReferenceServer.StartAsync("teleport.js", arguments), options);

    public async Task<string> CreateRequestAsync(
        string user, IReadOnlyList<string> roles, string reason, IReadOnlyList<string> suggestedReviewers, IReadOnlyDictionary<string, string[]> annotations)
    {
        var spec = new AccessRequestSpecV3 { User = user, RequestReason = reason, SystemAnnotations = new LabelValues() };
        spec.Roles.Add(roles);
        spec.SuggestedReviewers.Add(suggestedReviewers);
        foreach (var (key, values) in annotations)
        {
            spec.SystemAnnotations.Values[key] = new StringValues { Values = { values } };
        }

        var created = await _invoker.UnaryAsync(AuthServiceMethods.CreateAccessRequestV2, new AccessRequestV3 { Spec = spec }, As("admin"), CancellationToken.None);
        return created.Metadata.Name;
    }

    public Task ReviewAsync(string requestId, string author, AccessRequestState state, string reason) =>
        _invoker.UnaryAsync(
            AuthServiceMethods.SubmitAccessReview,
            new AccessReviewSubmission
            {
                RequestID = requestId,
                Review = new Host.Teleport.Protos.Types.AccessReview { ProposedState = AccessRequestMapper.FromState(state), Reason = reason, Created = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) },
            },
            As(author),
            CancellationToken.None);

    public Task DeleteAsync(string requestId) =>
        _invoker.UnaryAsync(AuthServiceMethods.DeleteAccessRequest, new RequestID { ID = requestId }, As("admin"), CancellationToken.None);

    public Task DropWatchesAsync() =>
        _invoker.UnaryAsync(AuthServiceMethods.Ping, new PingRequest(), new GrpcCallOptions { Metadata = [new("x-control", "drop-watches")] }, CancellationToken.None);

    public async Task<string?> DelegatorAsync(string requestId)
    {
        var audit = await Client.GetPluginDataAsync(requestId, "_audit", CancellationToken.None);
        return audit.GetValueOrDefault("delegator");
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _server.Dispose();
        return ValueTask.CompletedTask;
    }

    private static GrpcCallOptions As(string user) => new() { Metadata = [new("x-teleport-user", user)] };
}
