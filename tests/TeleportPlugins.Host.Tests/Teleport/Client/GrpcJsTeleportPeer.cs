using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Protos.Users;
using TeleportPlugins.Host.Teleport.Protos.Wrappers;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Host.Tests.Teleport.Client;

/// <summary>tests/grpc-reference/teleport.js: Teleport's semantics in @grpc/grpc-js, over cleartext HTTP/2.</summary>
internal sealed class GrpcJsTeleportPeer : ITeleportPeer
{
    private readonly GrpcReferenceServer _server;
    private readonly GrpcChannel _channel;
    private readonly AuthService.AuthServiceClient _auth;

    private GrpcJsTeleportPeer(GrpcReferenceServer server, TeleportClientOptions options)
    {
        _server = server;
        _channel = GrpcChannel.ForAddress(server.Address);
        _auth = new AuthService.AuthServiceClient(_channel);
        var client = new TeleportClient(
            _auth, $"grpc-js at {server.Address}", options, TimeProvider.System, NullLogger<TeleportClient>.Instance, new UsersService.UsersServiceClient(_channel));
        Client = client;
        OnBehalf = client;
    }

    public ITeleportClient Client { get; }

    public ITeleportOnBehalfClient OnBehalf { get; }

    // teleport.js takes the caller from x-teleport-user, "teleport-plugins" when absent.
    public string PluginUser => "teleport-plugins";

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

        return await CreateAsync(spec);
    }

    /// <summary>A resource request as a newer tsh sends it: the resources in field 14 and, when given, in field 26.</summary>
    public async Task<string> CreateResourceRequestAsync(string user, IReadOnlyList<ResourceID> resourceIds, IReadOnlyList<ResourceID> resourceAccessIds)
    {
        var spec = new AccessRequestSpecV3 { User = user };
        spec.RequestedResourceIDs.Add(resourceIds);
        spec.RequestedResourceAccessIDs.Add(resourceAccessIds.Select(id => new ResourceAccessID { Id = id }));
        return await CreateAsync(spec);
    }

    public Task ReviewAsync(string requestId, string author, AccessRequestState state, string reason) =>
        _auth.SubmitAccessReviewAsync(
            new AccessReviewSubmission
            {
                RequestID = requestId,
                Review = new Host.Teleport.Protos.Types.AccessReview { ProposedState = AccessRequestMapper.FromState(state), Reason = reason, Created = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) },
            },
            As(author)).ResponseAsync;

    public Task DeleteAsync(string requestId) => _auth.DeleteAccessRequestAsync(new RequestID { ID = requestId }, As("admin")).ResponseAsync;

    public Task DropWatchesAsync() => _auth.PingAsync(new PingRequest(), new Grpc.Core.Metadata { { "x-control", "drop-watches" } }).ResponseAsync;

    public async Task<string?> DelegatorAsync(string requestId)
    {
        var audit = await Client.GetPluginDataAsync(requestId, "_audit", CancellationToken.None);
        return audit.GetValueOrDefault("delegator");
    }

    public Task AddUserAsync(string name, IReadOnlyDictionary<string, string[]> traits) =>
        _auth.PingAsync(
            new PingRequest(),
            new Grpc.Core.Metadata { { "x-control", "add-user" }, { "x-user", name }, { "x-traits", System.Text.Json.JsonSerializer.Serialize(traits) } }).ResponseAsync;

    public Task AddResourceAsync(string kind, string name, IReadOnlyDictionary<string, string> labels) =>
        _auth.PingAsync(
            new PingRequest(),
            new Grpc.Core.Metadata
            {
                { "x-control", "add-resource" }, { "x-kind", kind }, { "x-name", name }, { "x-labels", System.Text.Json.JsonSerializer.Serialize(labels) },
            }).ResponseAsync;

    public async Task<string?> SubmittedByAsync(string requestId, string author)
    {
        // Read from the wire message itself: the snapshot has no place for SubmittedBy.
        var page = await _auth.ListAccessRequestsAsync(new ListAccessRequestsRequest { Filter = new AccessRequestFilter { ID = requestId } });
        return page.AccessRequests.SelectMany(r => r.Spec.Reviews).LastOrDefault(r => r.Author == author)?.SubmittedBy;
    }

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        _server.Dispose();
        return ValueTask.CompletedTask;
    }

    private static Grpc.Core.Metadata As(string user) => new() { { "x-teleport-user", user } };

    private async Task<string> CreateAsync(AccessRequestSpecV3 spec)
    {
        var created = await _auth.CreateAccessRequestV2Async(new AccessRequestV3 { Spec = spec }, As("admin"));
        return created.Metadata.Name;
    }
}
