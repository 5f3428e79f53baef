using Google.Protobuf;
using Grpc.Core;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Simulator.Tests.Support;

namespace TeleportPlugins.Simulator.Tests.Grpc;

/// <summary>Teleport's access-request semantics, driven through the host's generated gRPC client over TLS HTTP/2 on 127.0.0.1.</summary>
[TestFixture]
public sealed class AuthServiceWireTests
{
    private static readonly AccessReviewThreshold TwoToApproveOneToDeny = new() { Name = "two", Approve = 2, Deny = 1 };

    private TestSimulator sim = null!;
    private SimulatorClient alice = null!;
    private SimulatorClient bob = null!;
    private SimulatorClient readOnlyPlugin = null!;
    private SimulatorClient admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        sim = await TestSimulator.StartAsync(o => o.ProxyPublicAddress = "teleport.example.com:443");
        alice = await sim.ConnectAsAsync("alice", SimulatorRoles.Reviewer);
        bob = await sim.ConnectAsAsync("bob", SimulatorRoles.Reviewer);
        readOnlyPlugin = await sim.ConnectAsAsync("readonly-plugin", SimulatorRoles.AccessPlugin);
        // Creating requests for other users needs create on access_request, like tctl's admin identity has.
        admin = await sim.ConnectAsAsync("admin", SimulatorRoles.Admin);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await sim.DisposeAsync();

    [Test]
    public async Task Ping_ReturnsClusterVersionProxyAndFeatures()
    {
        var ping = await UnaryAsync(sim.Plugin.Auth.PingAsync(new PingRequest()));

        Assert.Multiple(() =>
        {
            Assert.That(ping.ClusterName, Is.EqualTo("sim.teleport.local"));
            Assert.That(ping.ServerVersion, Is.EqualTo("17.4.0"));
            Assert.That(ping.ProxyPublicAddr, Is.EqualTo("teleport.example.com:443"));
            Assert.That(ping.ServerFeatures.AdvancedAccessWorkflows, Is.True);
            Assert.That(ping.RemoteAddr, Does.StartWith("127.0.0.1:"));
        });
    }

    [Test]
    public async Task CreateAccessRequestV2_ReturnsStoredPendingRequestWithServerIdAndDefaults()
    {
        var sent = Requests.For("carol");
        var created = await UnaryAsync(admin.Auth.CreateAccessRequestV2Async(sent));

        Assert.Multiple(() =>
        {
            Assert.That(created.Metadata.Name, Is.Not.EqualTo(sent.Metadata.Name));
            Assert.That(Guid.TryParse(created.Metadata.Name, out _), Is.True);
            Assert.That(created.Spec.State, Is.EqualTo(RequestState.Pending));
            Assert.That(created.Spec.Thresholds.Single().Approve, Is.EqualTo(1));
            Assert.That(
                created.Metadata.Expires.ToDateTimeOffset() - created.Spec.Created.ToDateTimeOffset(),
                Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(sim.Server.GetRequest(created.Metadata.Name)?.User, Is.EqualTo("carol"));
        });
    }

    [Test]
    public void CreateAccessRequestV2_ForAnotherUserWithoutCreatePermission_PermissionDenied()
    {
        var error = CallFails(sim.Plugin.Auth.CreateAccessRequestV2Async(Requests.For("carol")));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(error.Status.Detail, Is.EqualTo("access denied to perform action \"create\" on \"access_request\" for user \"teleport-plugins\""));
        });
    }

    [Test]
    public async Task SubmitAccessReview_ApproveThresholdTwo_ApprovesOnSecondApproval()
    {
        var id = await CreateAsync(TwoToApproveOneToDeny);

        var first = await UnaryAsync(alice.Auth.SubmitAccessReviewAsync(Requests.Review(id, RequestState.Approved)));
        var second = await UnaryAsync(bob.Auth.SubmitAccessReviewAsync(Requests.Review(id, RequestState.Approved, "bob", "lgtm")));

        Assert.Multiple(() =>
        {
            Assert.That(first.Spec.State, Is.EqualTo(RequestState.Pending));
            Assert.That(first.Spec.Reviews.Single().Author, Is.EqualTo("alice"));
            Assert.That(second.Spec.State, Is.EqualTo(RequestState.Approved));
            Assert.That(second.Spec.ResolveReason, Is.EqualTo("lgtm"));
            Assert.That(second.Spec.Reviews.Select(r => r.Author), Is.EqualTo(new[] { "alice", "bob" }));
        });
    }

    [Test]
    public async Task SubmitAccessReview_DenyThresholdOne_DeniesOnFirstDenial()
    {
        var id = await CreateAsync(TwoToApproveOneToDeny);

        var denied = await UnaryAsync(alice.Auth.SubmitAccessReviewAsync(Requests.Review(id, RequestState.Denied, reason: "no")));
        var late = CallFails(bob.Auth.SubmitAccessReviewAsync(Requests.Review(id, RequestState.Approved)));

        Assert.Multiple(() =>
        {
            Assert.That(denied.Spec.State, Is.EqualTo(RequestState.Denied));
            Assert.That(late.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(late.Status.Detail, Is.EqualTo("the access request has been already denied"));
        });
    }

    [Test]
    public async Task SubmitAccessReview_SameAuthorTwice_PermissionDeniedAlreadyReviewed()
    {
        var id = await CreateAsync(TwoToApproveOneToDeny);
        await UnaryAsync(alice.Auth.SubmitAccessReviewAsync(Requests.Review(id, RequestState.Approved)));

        var error = CallFails(alice.Auth.SubmitAccessReviewAsync(Requests.Review(id, RequestState.Approved)));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(error.Status.Detail, Does.EndWith("has already reviewed this request"));
            Assert.That(sim.Server.GetRequest(id)!.Reviews, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task SubmitAccessReview_OnBehalfOfAnotherUser_PermissionDenied()
    {
        var id = await CreateAsync();

        var error = CallFails(alice.Auth.SubmitAccessReviewAsync(Requests.Review(id, RequestState.Approved, author: "bob")));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(error.Status.Detail, Is.EqualTo("user \"alice\" cannot submit reviews on behalf of \"bob\""));
        });
    }

    [Test]
    public async Task SubmitAccessReview_PluginWithoutReviewPermission_PermissionDenied()
    {
        var id = await CreateAsync();

        var error = CallFails(readOnlyPlugin.Auth.SubmitAccessReviewAsync(Requests.Review(id, RequestState.Approved)));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(sim.Server.GetRequest(id)!.State, Is.EqualTo(AccessRequestState.Pending));
        });
    }

    [Test]
    public async Task SetAccessRequestState_PluginWithoutUpdatePermission_PermissionDenied()
    {
        var id = await CreateAsync();

        var error = CallFails(readOnlyPlugin.Auth.SetAccessRequestStateAsync(new RequestStateSetter { ID = id, State = RequestState.Approved }));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }

    [Test]
    public async Task SetAccessRequestState_Approve_ResolvesAndRecordsDelegatorInAudit()
    {
        var id = await CreateAsync();

        await UnaryAsync(sim.Plugin.Auth.SetAccessRequestStateAsync(new RequestStateSetter
        {
            ID = id,
            State = RequestState.Approved,
            Reason = "approved in Jira",
            Delegator = "jira:alice@example.com",
        }));

        var audit = sim.Server.GetAuditEntries().Single(e => e.RequestId == id && e.Event == "access_request.update");
        Assert.Multiple(() =>
        {
            Assert.That(sim.Server.GetRequest(id)!.State, Is.EqualTo(AccessRequestState.Approved));
            Assert.That(sim.Server.GetRequest(id)!.ResolveReason, Is.EqualTo("approved in Jira"));
            Assert.That(audit.Delegator, Is.EqualTo("jira:alice@example.com"));
            Assert.That(audit.Actor, Is.EqualTo("teleport-plugins"));
            Assert.That(audit.State, Is.EqualTo(AccessRequestState.Approved));
        });
    }

    [Test]
    public async Task SetAccessRequestState_ResolvedOrPromotedOrMissing_Rejected()
    {
        var id = await CreateAsync();
        sim.Server.Deny(id, "no");

        var resolved = CallFails(sim.Plugin.Auth.SetAccessRequestStateAsync(new RequestStateSetter { ID = id, State = RequestState.Approved }));
        var promoted = CallFails(sim.Plugin.Auth.SetAccessRequestStateAsync(new RequestStateSetter { ID = await CreateAsync(), State = RequestState.Promoted }));
        var missing = CallFails(sim.Plugin.Auth.SetAccessRequestStateAsync(new RequestStateSetter { ID = Guid.NewGuid().ToString(), State = RequestState.Approved }));

        Assert.Multiple(() =>
        {
            Assert.That(resolved.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(sim.Server.GetRequest(id)!.State, Is.EqualTo(AccessRequestState.Denied));
            Assert.That(promoted.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(missing.StatusCode, Is.EqualTo(StatusCode.NotFound));
        });
    }

    [Test]
    public async Task UpdatePluginData_CompareAndSwap_AppliesMatchesRejectsMismatchAndDeletesEmptyValues()
    {
        var id = await CreateAsync();
        var created = Update(id, set: [("slack_ts", "1700.1"), ("channel", "C1")], expect: [("slack_ts", "")]);
        await UnaryAsync(sim.Plugin.Auth.UpdatePluginDataAsync(created));

        var stale = CallFails(sim.Plugin.Auth.UpdatePluginDataAsync(Update(id, set: [("slack_ts", "9")], expect: [("slack_ts", "")])));
        await UnaryAsync(sim.Plugin.Auth.UpdatePluginDataAsync(Update(id, set: [("slack_ts", "")], expect: [("slack_ts", "1700.1"), ("missing", "")])));
        var read = await UnaryAsync(sim.Plugin.Auth.GetPluginDataAsync(new PluginDataFilter { Kind = "access_request", Resource = id, Plugin = "slack" }));

        Assert.Multiple(() =>
        {
            Assert.That(stale.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(stale.Status.Detail, Is.EqualTo("expectations not met for field \"slack_ts\""));
            Assert.That(read.PluginData.Single().Metadata.Name, Is.EqualTo(id));
            Assert.That(read.PluginData.Single().Spec.Entries["slack"].Data, Is.EquivalentTo(new Dictionary<string, string> { ["channel"] = "C1" }));
        });

        await UnaryAsync(sim.Plugin.Auth.UpdatePluginDataAsync(Update(id, set: [("channel", "")], expect: [])));
        var empty = await UnaryAsync(sim.Plugin.Auth.GetPluginDataAsync(new PluginDataFilter { Kind = "access_request", Resource = id, Plugin = "slack" }));
        Assert.That(empty.PluginData, Is.Empty);
    }

    [Test]
    public void UpdatePluginData_UnknownRequestOrKind_NotFoundOrInvalidArgument()
    {
        var missing = CallFails(sim.Plugin.Auth.UpdatePluginDataAsync(Update(Guid.NewGuid().ToString(), set: [("k", "v")], expect: [])));
        var kind = Update(Guid.NewGuid().ToString(), set: [("k", "v")], expect: []);
        kind.Kind = "node";
        var badKind = CallFails(sim.Plugin.Auth.UpdatePluginDataAsync(kind));

        Assert.Multiple(() =>
        {
            Assert.That(missing.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(badKind.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        });
    }

    [Test]
    public async Task ListAccessRequests_PagesWithLimitAndNextKeyInStableOrder()
    {
        const string user = "paging-user";
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await CreateAsync(user: user));
        }

        var seen = new List<string>();
        var pages = 0;
        var request = new ListAccessRequestsRequest { Filter = new AccessRequestFilter { User = user }, Limit = 2 };
        do
        {
            var page = await UnaryAsync(sim.Plugin.Auth.ListAccessRequestsAsync(request));
            seen.AddRange(page.AccessRequests.Select(r => r.Metadata.Name));
            request.StartKey = page.NextKey;
            pages++;
        }
        while (request.StartKey.Length > 0);

        Assert.Multiple(() =>
        {
            Assert.That(pages, Is.EqualTo(3));
            Assert.That(seen, Is.EquivalentTo(ids));
            Assert.That(seen, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        });
    }

    [Test]
    public async Task GetAccessRequestsV2_StreamsRequestsMatchingUserAndState()
    {
        const string user = "streaming-user";
        var pending = await CreateAsync(user: user);
        var approved = await CreateAsync(user: user);
        sim.Server.Approve(approved);

        var all = await StreamAsync(new AccessRequestFilter { User = user });
        var onlyPending = await StreamAsync(new AccessRequestFilter { User = user, State = RequestState.Pending });
        var byId = await StreamAsync(new AccessRequestFilter { ID = approved });

        Assert.Multiple(() =>
        {
            Assert.That(all.Select(r => r.Metadata.Name), Is.EquivalentTo(new[] { pending, approved }));
            Assert.That(onlyPending.Select(r => r.Metadata.Name), Is.EqualTo(new[] { pending }));
            Assert.That(byId.Single().Spec.State, Is.EqualTo(RequestState.Approved));
        });
    }

    [Test]
    public async Task DeleteAccessRequest_WithoutDeletePermission_PermissionDenied()
    {
        var id = await CreateAsync();

        var error = CallFails(sim.Plugin.Auth.DeleteAccessRequestAsync(new RequestID { ID = id }));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(sim.Server.GetRequest(id), Is.Not.Null);
        });
    }

    [Test]
    public void UnknownMethodOrService_Unimplemented()
    {
        var unknownMethod = CallFails(CallUnknown(sim.Plugin, "proto.AuthService", "GetAccessRequests"));
        var unknownService = CallFails(CallUnknown(sim.Plugin, "teleport.accesslist.v1.AccessListService", "GetAccessList"));

        Assert.Multiple(() =>
        {
            Assert.That(unknownMethod.StatusCode, Is.EqualTo(StatusCode.Unimplemented));
            Assert.That(unknownService.StatusCode, Is.EqualTo(StatusCode.Unimplemented));
        });
    }

    private async Task<string> CreateAsync(AccessReviewThreshold? threshold = null, string user = "carol")
    {
        var request = threshold is null ? Requests.For(user) : Requests.For(user, threshold);
        return (await UnaryAsync(admin.Auth.CreateAccessRequestV2Async(request))).Metadata.Name;
    }

    private async Task<List<AccessRequestV3>> StreamAsync(AccessRequestFilter filter)
    {
        var result = new List<AccessRequestV3>();
        using var call = sim.Plugin.Auth.GetAccessRequestsV2(filter);
        await foreach (var request in call.ResponseStream.ReadAllAsync())
        {
            result.Add(request);
        }

        return result;
    }

    private static AsyncUnaryCall<PingResponse> CallUnknown(SimulatorClient client, string service, string name)
    {
        var method = new Method<PingRequest, PingResponse>(
            MethodType.Unary, service, name, Marshallers.Create(r => r.ToByteArray(), PingRequest.Parser.ParseFrom), Marshallers.Create(r => r.ToByteArray(), PingResponse.Parser.ParseFrom));
        return client.Invoker.AsyncUnaryCall(method, host: null, new CallOptions(), new PingRequest());
    }

    private static PluginDataUpdateParams Update(string id, (string Key, string Value)[] set, (string Key, string Value)[] expect)
    {
        var update = new PluginDataUpdateParams { Kind = "access_request", Resource = id, Plugin = "slack" };
        foreach (var (key, value) in set)
        {
            update.Set[key] = value;
        }

        foreach (var (key, value) in expect)
        {
            update.Expect[key] = value;
        }

        return update;
    }

    internal static Task<TResponse> UnaryAsync<TResponse>(AsyncUnaryCall<TResponse> call) => call.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(10));

    internal static RpcException CallFails<TResponse>(AsyncUnaryCall<TResponse> call) => Assert.ThrowsAsync<RpcException>(() => UnaryAsync(call))!;
}
