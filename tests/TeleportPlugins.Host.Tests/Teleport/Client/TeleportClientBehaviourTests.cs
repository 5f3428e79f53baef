using Grpc.Core;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Host.Tests.Teleport.Client;

/// <summary>
/// What the host's Teleport client must do against any Auth Service that keeps Teleport's semantics. Runs against
/// the simulator in samples/ and against an independent @grpc/grpc-js peer, over real HTTP/2 on 127.0.0.1.
/// </summary>
public abstract class TeleportClientBehaviourTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private ITeleportPeer _peer = null!;

    [OneTimeSetUp]
    public async Task StartPeer() => _peer = await StartPeerAsync(new TeleportClientOptions { ListPageSize = 3 }, listUnimplemented: false, version: null);

    [OneTimeTearDown]
    public async Task StopPeer() => await _peer.DisposeAsync();

    [Test]
    public async Task Ping_ReportsClusterVersionAndProxy()
    {
        var info = await _peer.Client.PingAsync(CancellationToken.None);

        Assert.That(info.ClusterName, Is.EqualTo(_peer.ClusterName));
        Assert.That(Version.TryParse(info.ServerVersion.Split('-')[0], out _), Is.True, info.ServerVersion);
        Assert.That(info.ProxyPublicAddress, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task Watch_InitFirst_ThenPutOnCreateAndReview_ThenDeleteOnDeletion()
    {
        using var cancel = new CancellationTokenSource(Patience);
        await using var events = _peer.Client.WatchAccessRequestsAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.That(await events.MoveNextAsync(), Is.True);
        Assert.That(events.Current.Kind, Is.EqualTo(TeleportWatchEventKind.Init));

        var id = await _peer.CreateRequestAsync("alice", ["db-admin", "dev"], "incident <INC-7> & more", ["bob"], new Dictionary<string, string[]> { ["pagerduty_services"] = ["db", "web"] });
        var created = await NextForAsync(events, id);
        Assert.That(created.Kind, Is.EqualTo(TeleportWatchEventKind.Put));
        var snapshot = created.Request!;
        Assert.That((snapshot.User, snapshot.State, snapshot.Reason, snapshot.Cluster), Is.EqualTo(("alice", AccessRequestState.Pending, "incident <INC-7> & more", _peer.ClusterName)));
        Assert.That(snapshot.Roles, Is.EqualTo(new[] { "db-admin", "dev" }));
        Assert.That(snapshot.SuggestedReviewers, Is.EqualTo(new[] { "bob" }));
        Assert.That(snapshot.SystemAnnotations["pagerduty_services"], Is.EqualTo(new[] { "db", "web" }));
        Assert.That(snapshot.WebUiLink!.AbsoluteUri, Does.StartWith("https://").And.EndWith($"/web/requests/{id}"));

        await _peer.ReviewAsync(id, "bob", AccessRequestState.Approved, "looks fine");
        var reviewed = await NextForAsync(events, id);
        Assert.That(reviewed.Request!.Reviews.Select(r => (r.Author, r.ProposedState, r.Reason)), Is.EqualTo(new[] { ("bob", AccessRequestState.Approved, "looks fine") }));

        await _peer.DeleteAsync(id);
        var deleted = await NextForAsync(events, id);
        Assert.That((deleted.Kind, deleted.RequestId), Is.EqualTo((TeleportWatchEventKind.Delete, id)));
    }

    [Test]
    public async Task Watch_StreamDropped_EndsWithUnavailable()
    {
        using var cancel = new CancellationTokenSource(Patience);
        await using var events = _peer.Client.WatchAccessRequestsAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.That(await events.MoveNextAsync(), Is.True);

        await _peer.DropWatchesAsync();

        var error = Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await events.MoveNextAsync())
            {
            }
        });
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
    }

    [Test]
    public async Task List_SeveralPages_ReturnsEveryRequest()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await _peer.CreateRequestAsync($"user{i}", ["dev"], $"page test {i}", [], new Dictionary<string, string[]>()));
        }

        var listed = await _peer.Client.ListAllAsync(CancellationToken.None);

        Assert.That(listed.Select(r => r.Id), Is.SupersetOf(ids));
        Assert.That(listed.Single(r => r.Id == ids[6]).User, Is.EqualTo("user6"));
    }

    [Test]
    public Task ListPages_SevenRequestsPageSizeThree_PagesOfAtMostThree() => AssertListedInPagesAsync(_peer, requests: 7, pageSize: 3);

    [Test]
    public async Task ListPages_ServerWithoutListAccessRequests_StreamsGetAccessRequestsV2InPagesOfTheListSize()
    {
        await using var old = await StartPeerAsync(new TeleportClientOptions { ListPageSize = 2 }, listUnimplemented: true, version: null);
        await AssertListedInPagesAsync(old, requests: 5, pageSize: 2);
    }

    [Test]
    public async Task List_ServerWithoutListAccessRequests_FallsBackToGetAccessRequestsV2()
    {
        await using var old = await StartPeerAsync(new TeleportClientOptions(), listUnimplemented: true, version: null);
        var id = await old.CreateRequestAsync("carol", ["dev"], "fallback", [], new Dictionary<string, string[]>());

        var listed = await old.Client.ListAllAsync(CancellationToken.None);

        Assert.That(listed.Select(r => r.Id), Does.Contain(id));
    }

    [Test]
    public async Task Ping_ServerOlderThanMinimum_RefusedNamingBothVersions()
    {
        await using var old = await StartPeerAsync(new TeleportClientOptions(), listUnimplemented: false, version: "12.4.1");

        var error = Assert.ThrowsAsync<TeleportVersionException>(() => old.Client.PingAsync(CancellationToken.None));

        Assert.That(error!.Message, Is.EqualTo("the Auth Service runs Teleport 12.4.1; teleport-plugins needs 14.0.0 or newer"));
    }

    [Test]
    public async Task PluginData_CompareAndSwap_CreateMismatchAndDelete()
    {
        var id = await _peer.CreateRequestAsync("dave", ["dev"], "cas", [], new Dictionary<string, string[]>());
        var client = _peer.Client;

        Assert.That(await client.GetPluginDataAsync(id, "slack", CancellationToken.None), Is.Empty);
        await client.UpdatePluginDataAsync(id, "slack", Map(("messages", "C1/1.0")), Map(("messages", "")), CancellationToken.None);
        var mismatch = Assert.ThrowsAsync<RpcException>(() => client.UpdatePluginDataAsync(id, "slack", Map(("messages", "C2/2.0")), Map(("messages", "")), CancellationToken.None));
        Assert.That(mismatch!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(await client.GetPluginDataAsync(id, "slack", CancellationToken.None), Is.EqualTo(Map(("messages", "C1/1.0"))));

        await client.UpdatePluginDataAsync(id, "slack", Map(("messages", ""), ("reviews_count", "1")), Map(("messages", "C1/1.0")), CancellationToken.None);

        Assert.That(await client.GetPluginDataAsync(id, "slack", CancellationToken.None), Is.EqualTo(Map(("reviews_count", "1"))));
        Assert.That(await client.GetPluginDataAsync(id, "jira", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task SubmitReview_AsThePlugin_ReturnsTheReviewedRequestAndRefusesASecond()
    {
        var id = await _peer.CreateRequestAsync("erin", ["dev"], "on call", [], new Dictionary<string, string[]>());

        var reviewed = await _peer.Client.SubmitReviewAsync(id, AccessRequestState.Approved, "erin is on call in PagerDuty", CancellationToken.None);

        Assert.That(reviewed.Reviews.Select(r => (r.ProposedState, r.Reason)), Is.EqualTo(new[] { (AccessRequestState.Approved, "erin is on call in PagerDuty") }));
        Assert.That(reviewed.Reviews[0].Author, Is.Not.Empty);
        var again = Assert.ThrowsAsync<RpcException>(() => _peer.Client.SubmitReviewAsync(id, AccessRequestState.Approved, "again", CancellationToken.None));
        Assert.That(again!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }

    [Test]
    public async Task OnBehalf_ListUsersAndSubmitForTheBoundUser_RecordedAsThatUserSubmittedByThePlugin()
    {
        await _peer.AddUserAsync("gina", new Dictionary<string, string[]> { ["slack_uid"] = ["U_GINA"], ["discord_uid"] = ["42"] });
        var id = await _peer.CreateRequestAsync("hank", ["dev"], "from a tool", [], new Dictionary<string, string[]>());

        var users = await _peer.OnBehalf.ListUsersAsync(CancellationToken.None);
        var gina = users.Single(u => u.Traits.TryGetValue("slack_uid", out var values) && values.Contains("U_GINA"));
        var reviewed = await _peer.OnBehalf.SubmitReviewOnBehalfAsync(id, gina.Name, _peer.PluginUser, AccessRequestState.Approved, "clicked Approve", CancellationToken.None);

        Assert.That(gina.Traits["discord_uid"], Is.EqualTo(new[] { "42" }));
        Assert.That(reviewed.Reviews.Select(r => (r.Author, r.ProposedState, r.Reason)), Is.EqualTo(new[] { ("gina", AccessRequestState.Approved, "clicked Approve") }));
        Assert.That(reviewed.State, Is.EqualTo(AccessRequestState.Approved));
        Assert.That(await _peer.SubmittedByAsync(id, "gina"), Is.EqualTo(_peer.PluginUser));
        Assert.That((await _peer.OnBehalf.GetAccessRequestAsync(id, CancellationToken.None))!.Reviews.Single().Author, Is.EqualTo("gina"));
    }

    [Test]
    public async Task OnBehalf_GetUser_TraitsOfThatUserAndNotFoundForNoSuchUser()
    {
        await _peer.AddUserAsync("judy", new Dictionary<string, string[]> { ["groups"] = ["sre", "dba"] });

        var judy = await _peer.OnBehalf.GetUserAsync("judy", CancellationToken.None);
        var missing = Assert.ThrowsAsync<RpcException>(() => _peer.OnBehalf.GetUserAsync("nobody", CancellationToken.None));

        Assert.That(judy.Name, Is.EqualTo("judy"));
        Assert.That(judy.Traits["groups"], Is.EqualTo(new[] { "sre", "dba" }));
        Assert.That(missing!.StatusCode, Is.EqualTo(StatusCode.NotFound));
    }

    [Test]
    public async Task OnBehalf_ListResourceLabels_TheNamedResourcesOfThatKindWithTheirLabels()
    {
        await _peer.AddResourceAsync("node", "db-1", new Dictionary<string, string> { ["env"] = "prod", ["team"] = "dba" });
        await _peer.AddResourceAsync("node", "db-2", new Dictionary<string, string> { ["env"] = "prod" });
        await _peer.AddResourceAsync("node", "web-1", new Dictionary<string, string> { ["env"] = "dev" });
        await _peer.AddResourceAsync("kube_cluster", "db-1", new Dictionary<string, string> { ["env"] = "staging" });

        var nodes = await _peer.OnBehalf.ListResourceLabelsAsync("node", ["db-2", "db-1", "gone"], CancellationToken.None);
        var clusters = await _peer.OnBehalf.ListResourceLabelsAsync("kube_cluster", ["db-1"], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(nodes.Select(n => n.Name), Is.EquivalentTo(new[] { "db-1", "db-2" }));
            Assert.That(nodes.Single(n => n.Name == "db-1").Labels, Is.EqualTo(new Dictionary<string, string> { ["env"] = "prod", ["team"] = "dba" }));
            Assert.That(clusters.Single().Labels, Is.EqualTo(new Dictionary<string, string> { ["env"] = "staging" }));
        });
    }

    [Test]
    public async Task OnBehalf_ListResourceLabels_AppDatabaseAndDesktopEachWithItsOwnLabels()
    {
        await _peer.AddResourceAsync("app", "grafana", new Dictionary<string, string> { ["env"] = "prod", ["team"] = "obs" });
        await _peer.AddResourceAsync("db", "orders", new Dictionary<string, string> { ["env"] = "prod", ["team"] = "dba" });
        await _peer.AddResourceAsync("windows_desktop", "win-1", new Dictionary<string, string> { ["env"] = "dev" });
        await _peer.AddResourceAsync("node", "grafana", new Dictionary<string, string> { ["env"] = "node" });

        var apps = await _peer.OnBehalf.ListResourceLabelsAsync("app", ["grafana", "gone"], CancellationToken.None);
        var databases = await _peer.OnBehalf.ListResourceLabelsAsync("db", ["orders"], CancellationToken.None);
        var desktops = await _peer.OnBehalf.ListResourceLabelsAsync("windows_desktop", ["win-1"], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(apps.Select(a => a.Name), Is.EqualTo(new[] { "grafana" }));
            Assert.That(apps.Single().Labels, Is.EqualTo(new Dictionary<string, string> { ["env"] = "prod", ["team"] = "obs" }));
            Assert.That(databases.Single().Labels, Is.EqualTo(new Dictionary<string, string> { ["env"] = "prod", ["team"] = "dba" }));
            Assert.That(desktops.Single().Labels, Is.EqualTo(new Dictionary<string, string> { ["env"] = "dev" }));
        });
    }

    [Test]
    public async Task OnBehalf_TheRequesterReviewingOwnRequest_PermissionDenied()
    {
        await _peer.AddUserAsync("ivan", new Dictionary<string, string[]> { ["slack_uid"] = ["U_IVAN"] });
        var id = await _peer.CreateRequestAsync("ivan", ["dev"], "self", [], new Dictionary<string, string[]>());

        var error = Assert.ThrowsAsync<RpcException>(() =>
            _peer.OnBehalf.SubmitReviewOnBehalfAsync(id, "ivan", _peer.PluginUser, AccessRequestState.Approved, "", CancellationToken.None));

        Assert.That((error!.StatusCode, error.Status.Detail), Is.EqualTo((StatusCode.PermissionDenied, $"user \"ivan\" cannot review request {id}")));
    }

    [Test]
    public async Task GetAccessRequest_Unknown_Null()
    {
        Assert.That(await _peer.OnBehalf.GetAccessRequestAsync("00000000-0000-4000-8000-000000000001", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task SetAccessRequestState_ResolvesAndRecordsTheDelegator()
    {
        var id = await _peer.CreateRequestAsync("frank", ["dev"], "from jira", [], new Dictionary<string, string[]>());

        await _peer.Client.SetAccessRequestStateAsync(id, AccessRequestState.Denied, "not now", "jira:lead@example.com", CancellationToken.None);

        var request = (await _peer.Client.ListAllAsync(CancellationToken.None)).Single(r => r.Id == id);
        Assert.That((request.State, request.ResolveReason), Is.EqualTo((AccessRequestState.Denied, "not now")));
        Assert.That(await _peer.DelegatorAsync(id), Is.EqualTo("jira:lead@example.com"));
        var unknown = Assert.ThrowsAsync<RpcException>(() => _peer.Client.SetAccessRequestStateAsync("00000000-0000-4000-8000-000000000000", AccessRequestState.Approved, "x", "jira:x", CancellationToken.None));
        Assert.That(unknown!.StatusCode, Is.EqualTo(StatusCode.NotFound));
    }

    private protected abstract Task<ITeleportPeer> StartPeerAsync(TeleportClientOptions options, bool listUnimplemented, string? version);

    private static async Task AssertListedInPagesAsync(ITeleportPeer peer, int requests, int pageSize)
    {
        for (var i = 0; i < requests; i++)
        {
            await peer.CreateRequestAsync($"user{i}", ["dev"], $"page test {i}", [], new Dictionary<string, string[]>());
        }

        var pages = await peer.Client.ListAccessRequestPagesAsync(CancellationToken.None).ToListAsync();

        Assert.That(pages.Select(p => p.Count), Has.All.InRange(1, pageSize));
        Assert.That(pages.Sum(p => p.Count), Is.GreaterThanOrEqualTo(requests));
    }

    private static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    private static async Task<TeleportWatchEvent> NextForAsync(IAsyncEnumerator<TeleportWatchEvent> events, string id)
    {
        while (await events.MoveNextAsync())
        {
            if (events.Current.RequestId == id)
            {
                return events.Current;
            }
        }

        throw new InvalidOperationException("the watch ended");
    }
}
