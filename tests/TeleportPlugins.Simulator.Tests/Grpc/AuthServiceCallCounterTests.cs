using Grpc.Core;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Protos.Users;
using TeleportPlugins.Simulator.Tests.Support;

namespace TeleportPlugins.Simulator.Tests.Grpc;

/// <summary>The per-RPC call counts the load tool divides by delivered steps: each call over the wire counts once.</summary>
[TestFixture]
public sealed class AuthServiceCallCounterTests
{
    // One review leaves the request pending, so the state can still be set afterwards.
    private static readonly AccessReviewThreshold TwoReviews = new() { Name = "two", Approve = 2, Deny = 2 };

    private TestSimulator sim = null!;

    [SetUp]
    public async Task StartAsync() => sim = await TestSimulator.StartAsync();

    [TearDown]
    public async Task StopAsync() => await sim.DisposeAsync();

    [Test]
    public async Task Snapshot_OneCallOfEachRpcIncludingRefusedOnes_EachCountedOnce()
    {
        var admin = await sim.ConnectAsAsync("admin", SimulatorRoles.Admin);
        var reviewer = await sim.ConnectAsAsync("alice", SimulatorRoles.Reviewer);
        var plugin = sim.Plugin.Auth;

        await AuthServiceWireTests.UnaryAsync(plugin.PingAsync(new PingRequest()));
        var id = (await AuthServiceWireTests.UnaryAsync(admin.Auth.CreateAccessRequestV2Async(Requests.For("carol", TwoReviews)))).Metadata.Name;
        await AuthServiceWireTests.UnaryAsync(plugin.ListAccessRequestsAsync(new ListAccessRequestsRequest()));
        using (var stream = plugin.GetAccessRequestsV2(new AccessRequestFilter()))
        {
            await foreach (var _ in stream.ResponseStream.ReadAllAsync())
            {
                // Draining is enough: the call is what is counted.
            }
        }

        await using (var watch = new WatchReader(sim.Plugin, WatchReader.AccessRequests()))
        {
            await watch.NextAsync();
        }

        var filter = new PluginDataFilter { Kind = "access_request", Resource = id, Plugin = "slack" };
        await AuthServiceWireTests.UnaryAsync(plugin.GetPluginDataAsync(filter));
        await AuthServiceWireTests.UnaryAsync(plugin.UpdatePluginDataAsync(Update(id, expected: "")));
        // The same expectation again: the value is now "1", so the compare-and-swap is refused, and still a call.
        AuthServiceWireTests.CallFails(plugin.UpdatePluginDataAsync(Update(id, expected: "")));
        await AuthServiceWireTests.UnaryAsync(reviewer.Auth.SubmitAccessReviewAsync(Requests.Review(id, RequestState.Approved)));
        // The plugin identity may not delete: refused by RBAC, still a call.
        AuthServiceWireTests.CallFails(plugin.DeleteAccessRequestAsync(new RequestID { ID = id }));
        await AuthServiceWireTests.UnaryAsync(plugin.SetAccessRequestStateAsync(new RequestStateSetter { ID = id, State = RequestState.Approved }));
        await AuthServiceWireTests.UnaryAsync(new UsersService.UsersServiceClient(sim.Plugin.Invoker).ListUsersAsync(new ListUsersRequest()));
        // No such user: refused, still a call.
        AuthServiceWireTests.CallFails(new UsersService.UsersServiceClient(sim.Plugin.Invoker).GetUserAsync(new GetUserRequest { Name = "nobody" }));
        // Without UsePreviewAsRoles the plugin role may not list nodes: refused, still a call.
        AuthServiceWireTests.CallFails(plugin.ListResourcesAsync(new ListResourcesRequest { ResourceType = "node" }));

        Assert.Multiple(() =>
        {
            Assert.That(sim.Server.Calls.Snapshot(), Is.EquivalentTo(new Dictionary<string, long>
            {
                ["Ping"] = 1,
                ["WatchEvents"] = 1,
                ["GetAccessRequestsV2"] = 1,
                ["ListAccessRequests"] = 1,
                ["CreateAccessRequestV2"] = 1,
                ["DeleteAccessRequest"] = 1,
                ["SetAccessRequestState"] = 1,
                ["SubmitAccessReview"] = 1,
                ["GetPluginData"] = 1,
                ["UpdatePluginData"] = 2,
                ["ListUsers"] = 1,
                ["GetUser"] = 1,
                ["ListResources"] = 1,
            }));
            Assert.That(sim.Server.Calls.CompareFailures, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Snapshot_ControlSurfaceCallsInProcess_NotCounted()
    {
        // The load tool drives requests in process; only what comes over gRPC (the host's calls) is an Auth Service call.
        var id = sim.Server.CreateRequest(new NewAccessRequest { User = "carol", Roles = ["editor"] }).Id;
        sim.Server.Approve(id);
        _ = sim.Server.GetPluginData(id);
        await AuthServiceWireTests.UnaryAsync(sim.Plugin.Auth.GetPluginDataAsync(new PluginDataFilter { Kind = "access_request", Resource = id }));

        Assert.That(sim.Server.Calls.Snapshot().Where(c => c.Value > 0), Is.EquivalentTo(new Dictionary<string, long> { ["GetPluginData"] = 1 }));
    }

    private static PluginDataUpdateParams Update(string id, string expected) => new()
    {
        Kind = "access_request",
        Resource = id,
        Plugin = "slack",
        Set = { ["tp_created"] = "1" },
        Expect = { ["tp_created"] = expected },
    };
}
