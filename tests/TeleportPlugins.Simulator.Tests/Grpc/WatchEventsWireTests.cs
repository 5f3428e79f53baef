using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Simulator.Tests.Support;

namespace TeleportPlugins.Simulator.Tests.Grpc;

/// <summary>WatchEvents, expiry on a fake clock, dropped streams, the list fallback mode and TLS client authentication.</summary>
[TestFixture]
public sealed class WatchEventsWireTests
{
    private FakeTimeProvider clock = null!;
    private TestSimulator sim = null!;

    [SetUp]
    public async Task StartAsync()
    {
        // The clock starts at the real time: the TLS peers check certificate validity against the real clock.
        clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        sim = await TestSimulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.ListAccessRequestsUnimplemented = true;
        });
    }

    [TearDown]
    public async Task StopAsync() => await sim.DisposeAsync();

    [Test]
    public async Task WatchEvents_InitFirstThenPutOnCreateReviewAndStateChange()
    {
        await using var watch = new WatchReader(sim.Plugin, WatchReader.AccessRequests());
        var init = await watch.NextAsync();

        var id = sim.Server.CreateRequest(new NewAccessRequest
        {
            User = "carol",
            Roles = ["editor"],
            Thresholds = [new ReviewThresholdSpec { Approve = 2, Deny = 1 }],
            Annotations = new Dictionary<string, IReadOnlyList<string>> { ["pagerduty_services"] = ["db"] },
        }).Id;
        var created = await watch.NextForAsync(id);
        sim.Server.SubmitReview(id, "alice", AccessRequestState.Approved, "ok");
        var reviewed = await watch.NextForAsync(id);
        sim.Server.Approve(id, "done", "jira:bob@example.com");
        var resolved = await watch.NextForAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(init.Type, Is.EqualTo(Operation.Init));
            Assert.That(init.WatchStatus.Spec.Kinds.Select(k => k.Kind), Is.EqualTo(new[] { "access_request" }));
            Assert.That(created.Type, Is.EqualTo(Operation.Put));
            Assert.That(created.AccessRequest.Spec.State, Is.EqualTo(RequestState.Pending));
            Assert.That(created.AccessRequest.Spec.SystemAnnotations.Values["pagerduty_services"].Values, Is.EqualTo(new[] { "db" }));
            Assert.That(reviewed.Type, Is.EqualTo(Operation.Put));
            Assert.That(reviewed.AccessRequest.Spec.Reviews.Single().Author, Is.EqualTo("alice"));
            Assert.That(resolved.AccessRequest.Spec.State, Is.EqualTo(RequestState.Approved));
            Assert.That(resolved.AccessRequest.Spec.ResolveReason, Is.EqualTo("done"));
        });
    }

    [Test]
    public async Task WatchEvents_TtlPassesOnClock_DeleteWithResourceHeader()
    {
        await using var watch = new WatchReader(sim.Plugin, WatchReader.AccessRequests());
        await watch.NextAsync();
        var id = sim.Server.CreateRequest(new NewAccessRequest { User = "carol", Roles = ["editor"], Ttl = TimeSpan.FromHours(1) }).Id;
        await watch.NextForAsync(id);

        clock.Advance(TimeSpan.FromMinutes(59));
        var stillThere = sim.Server.GetRequest(id);
        clock.Advance(TimeSpan.FromMinutes(2));
        var deleted = await watch.NextForAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(stillThere, Is.Not.Null);
            Assert.That(sim.Server.GetRequest(id), Is.Null);
            Assert.That(deleted.Type, Is.EqualTo(Operation.Delete));
            Assert.That(deleted.ResourceHeader.Kind, Is.EqualTo("access_request"));
            Assert.That(deleted.ResourceHeader.Version, Is.EqualTo("v3"));
            Assert.That(deleted.ResourceHeader.Metadata.Name, Is.EqualTo(id));
            Assert.That(deleted.ResourceHeader.Metadata.Namespace, Is.EqualTo("default"));
            Assert.That(sim.Server.GetAuditEntries()[^1].Event, Is.EqualTo("access_request.expire"));
        });
    }

    [Test]
    public async Task WatchEvents_DefaultTtlOfSevenDays_ExpiresPendingRequestAndKeepsPluginDataForAnHour()
    {
        var id = sim.Server.CreateRequest(new NewAccessRequest { User = "carol", Roles = ["editor"] }).Id;
        var update = new PluginDataUpdateParams { Kind = "access_request", Resource = id, Plugin = "slack", Set = { ["ts"] = "1" } };
        await AuthServiceWireTests.UnaryAsync(sim.Plugin.Auth.UpdatePluginDataAsync(update));

        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        // Plugins mark the expiry in their data while handling the DELETE event: Teleport lets them.
        var markExpired = new PluginDataUpdateParams { Kind = "access_request", Resource = id, Plugin = "slack", Set = { ["resolution"] = "EXPIRED" }, Expect = { ["ts"] = "1" } };
        await AuthServiceWireTests.UnaryAsync(sim.Plugin.Auth.UpdatePluginDataAsync(markExpired));
        var dataAfterExpiry = sim.Server.GetPluginData(id);
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(sim.Server.GetRequest(id), Is.Null);
            Assert.That(dataAfterExpiry["slack"]["ts"], Is.EqualTo("1"));
            Assert.That(dataAfterExpiry["slack"]["resolution"], Is.EqualTo("EXPIRED"));
            Assert.That(sim.Server.GetPluginData(id), Is.Empty);
        });
    }

    [Test]
    public async Task WatchEvents_ExplicitExpireAndDelete_DeleteEvents()
    {
        await using var watch = new WatchReader(sim.Plugin, WatchReader.AccessRequests());
        await watch.NextAsync();
        var expired = sim.Server.CreateRequest(new NewAccessRequest { User = "carol", Roles = ["editor"] }).Id;
        var removed = sim.Server.CreateRequest(new NewAccessRequest { User = "dave", Roles = ["editor"] }).Id;

        sim.Server.Expire(expired);
        sim.Server.Delete(removed);

        Assert.Multiple(async () =>
        {
            Assert.That((await watch.NextForAsync(expired)).Type, Is.EqualTo(Operation.Put));
            Assert.That((await watch.NextForAsync(removed)).Type, Is.EqualTo(Operation.Put));
            Assert.That((await watch.NextForAsync(expired)).Type, Is.EqualTo(Operation.Delete));
            Assert.That((await watch.NextForAsync(removed)).Type, Is.EqualTo(Operation.Delete));
        });
    }

    [Test]
    public async Task WatchEvents_UnsupportedKind_RejectedUnlessPartialSuccess()
    {
        var watch = WatchReader.AccessRequests();
        watch.Kinds.Add(new WatchKind { Kind = "access_list" });
        await using var strict = new WatchReader(sim.Plugin, watch);
        var error = Assert.ThrowsAsync<RpcException>(strict.NextAsync);

        watch.AllowPartialSuccess = true;
        await using var partial = new WatchReader(sim.Plugin, watch);
        var init = await partial.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(init.WatchStatus.Spec.Kinds.Select(k => k.Kind), Is.EqualTo(new[] { "access_request" }));
        });
    }

    [Test]
    public async Task WatchEvents_WithoutListPermission_PermissionDenied()
    {
        var reviewerOnly = await sim.ConnectAsAsync("auto-approver", SimulatorRoles.AccessPluginReviewer);
        await using var watch = new WatchReader(reviewerOnly, WatchReader.AccessRequests());

        var error = Assert.ThrowsAsync<RpcException>(watch.NextAsync);

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }

    [Test]
    public async Task DropWatchStreams_EndsOpenWatchesWithUnavailable()
    {
        await using var first = new WatchReader(sim.Plugin, WatchReader.AccessRequests());
        await using var second = new WatchReader(sim.Plugin, WatchReader.AccessRequests());
        await first.NextAsync();
        await second.NextAsync();

        var dropped = sim.Server.DropWatchStreams();
        var error = Assert.ThrowsAsync<RpcException>(first.NextAsync);

        Assert.Multiple(() =>
        {
            Assert.That(dropped, Is.EqualTo(2));
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(Assert.ThrowsAsync<RpcException>(second.NextAsync)!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
        });
    }

    [Test]
    public async Task ListAccessRequests_UnimplementedMode_UnimplementedWhileGetAccessRequestsV2Works()
    {
        var id = sim.Server.CreateRequest(new NewAccessRequest { User = "carol", Roles = ["editor"] }).Id;

        var error = AuthServiceWireTests.CallFails(sim.Plugin.Auth.ListAccessRequestsAsync(new ListAccessRequestsRequest()));
        var streamed = new List<string>();
        using var call = sim.Plugin.Auth.GetAccessRequestsV2(new AccessRequestFilter());
        await foreach (var request in call.ResponseStream.ReadAllAsync())
        {
            streamed.Add(request.Metadata.Name);
        }

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unimplemented));
            Assert.That(streamed, Is.EqualTo(new[] { id }));
        });
    }

    [Test]
    public void ClientCertificateFromAnotherCa_Rejected()
    {
        using var foreignKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=teleport-plugins, O=admin", foreignKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var foreign = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var ca = X509Certificate2.CreateFromPem(sim.Server.CaCertificatePem);
        using var client = SimulatorClient.Connect(sim.Server.GrpcPort, foreign, ca);

        var error = Assert.ThrowsAsync<RpcException>(() => AuthServiceWireTests.UnaryAsync(client.Auth.PingAsync(new PingRequest())));

        // The server refuses the certificate after the handshake: the client sees the connection dropped (Unavailable)
        // or, when the server's TLS alert arrives first, a failed handshake (Internal); which one is a race.
        Assert.That(error!.StatusCode, Is.AnyOf(StatusCode.Unavailable, StatusCode.Internal));
    }
}
