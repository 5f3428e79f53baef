using Grpc.Core;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Simulator.Tests.Support;

namespace TeleportPlugins.Simulator.Tests.Grpc;

/// <summary>
/// ListResources as Teleport's access plugins call it for a request's resources: the kind's list type, the name
/// predicate, UsePreviewAsRoles, pages; and Teleport's RBAC for it.
/// </summary>
[TestFixture]
public sealed class ListResourcesWireTests
{
    private TestSimulator sim = null!;

    [SetUp]
    public async Task StartAsync()
    {
        sim = await TestSimulator.StartAsync();
        sim.Server.AddResource(new SimulatedResource("node", "db-1", new Dictionary<string, string> { ["env"] = "prod" }));
        sim.Server.AddResource(new SimulatedResource("node", "db-2", new Dictionary<string, string> { ["env"] = "dev" }));
        sim.Server.AddResource(new SimulatedResource("node", "web-1", new Dictionary<string, string>()));
        sim.Server.AddResource(new SimulatedResource("kube_cluster", "k8s", new Dictionary<string, string> { ["env"] = "prod" }));
        sim.Server.AddResource(new SimulatedResource("app", "grafana", new Dictionary<string, string> { ["team"] = "obs" }));
        sim.Server.AddResource(new SimulatedResource("db", "orders", new Dictionary<string, string> { ["team"] = "pay" }));
        sim.Server.AddResource(new SimulatedResource("windows_desktop", "win-1", new Dictionary<string, string> { ["team"] = "desk" }));
    }

    [TearDown]
    public async Task StopAsync() => await sim.DisposeAsync();

    [Test]
    public async Task ListResources_NamePredicateWithPreviewAsRoles_ThoseNodesWithLabelsInPages()
    {
        var request = Named("node", "db-2", "db-1", "gone");
        request.Limit = 1;

        var first = await sim.Plugin.Auth.ListResourcesAsync(request);
        request.StartKey = first.NextKey;
        var second = await sim.Plugin.Auth.ListResourcesAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(first.Resources.Single().Node.Metadata.Name, Is.EqualTo("db-1"));
            Assert.That(first.Resources.Single().Node.Metadata.Labels["env"], Is.EqualTo("prod"));
            Assert.That(first.NextKey, Is.EqualTo("db-2"));
            Assert.That(second.Resources.Single().Node.Metadata.Labels["env"], Is.EqualTo("dev"));
            Assert.That(second.NextKey, Is.Empty, "gone is not in the cluster: no error, just not listed");
            Assert.That(sim.Server.Calls.Snapshot()["ListResources"], Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ListResources_KubeServer_TheClusterWithItsLabelsInsideItsServer()
    {
        var response = await sim.Plugin.Auth.ListResourcesAsync(Named("kube_server", "k8s"));

        var server = response.Resources.Single().KubernetesServer;
        Assert.Multiple(() =>
        {
            Assert.That(server.Spec.Cluster.Kind, Is.EqualTo("kube_cluster"));
            Assert.That(server.Spec.Cluster.Metadata.Name, Is.EqualTo("k8s"));
            Assert.That(server.Spec.Cluster.Metadata.Labels["env"], Is.EqualTo("prod"));
        });
    }

    [Test]
    public async Task ListResources_AppAndDbServers_TheAppAndDatabaseWithTheirLabelsInsideTheirServers()
    {
        var apps = await sim.Plugin.Auth.ListResourcesAsync(Named("app_server", "grafana"));
        var databases = await sim.Plugin.Auth.ListResourcesAsync(Named("db_server", "orders"));

        var app = apps.Resources.Single().AppServer;
        var database = databases.Resources.Single().DatabaseServer;
        Assert.Multiple(() =>
        {
            Assert.That((app.Kind, app.Spec.App.Kind, app.Spec.App.Metadata.Name), Is.EqualTo(("app_server", "app", "grafana")));
            Assert.That(app.Spec.App.Metadata.Labels["team"], Is.EqualTo("obs"));
            Assert.That(app.Metadata.Labels, Is.Empty, "the labels are the app's, not its server's");
            Assert.That((database.Kind, database.Spec.Database.Kind, database.Spec.Database.Metadata.Name), Is.EqualTo(("db_server", "db", "orders")));
            Assert.That(database.Spec.Database.Metadata.Labels["team"], Is.EqualTo("pay"));
        });
    }

    [Test]
    public async Task ListResources_CommandLabels_InEachKindsSpecAndNoneForADesktop()
    {
        var results = new Dictionary<string, string> { ["uptime"] = "up" };
        sim.Server.AddResource(new SimulatedResource("node", "cmd-node", new Dictionary<string, string>(), results));
        sim.Server.AddResource(new SimulatedResource("app", "cmd-app", new Dictionary<string, string>(), results));
        sim.Server.AddResource(new SimulatedResource("db", "cmd-db", new Dictionary<string, string>(), results));
        sim.Server.AddResource(new SimulatedResource("kube_cluster", "cmd-k8s", new Dictionary<string, string>(), results));

        var node = (await sim.Plugin.Auth.ListResourcesAsync(Named("node", "cmd-node"))).Resources.Single().Node;
        var app = (await sim.Plugin.Auth.ListResourcesAsync(Named("app_server", "cmd-app"))).Resources.Single().AppServer.Spec.App;
        var db = (await sim.Plugin.Auth.ListResourcesAsync(Named("db_server", "cmd-db"))).Resources.Single().DatabaseServer.Spec.Database;
        var cluster = (await sim.Plugin.Auth.ListResourcesAsync(Named("kube_server", "cmd-k8s"))).Resources.Single().KubernetesServer.Spec.Cluster;
        var desktop = Assert.Throws<RpcException>(() =>
            sim.Server.AddResource(new SimulatedResource("windows_desktop", "cmd-win", new Dictionary<string, string>(), results)));

        Assert.Multiple(() =>
        {
            Assert.That(node.Spec.CmdLabels["uptime"].Result, Is.EqualTo("up"));
            Assert.That(app.Spec.DynamicLabels["uptime"].Result, Is.EqualTo("up"));
            Assert.That(db.Spec.DynamicLabels["uptime"].Result, Is.EqualTo("up"));
            Assert.That(cluster.Spec.DynamicLabels["uptime"].Result, Is.EqualTo("up"));
            Assert.That(desktop!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        });
    }

    [Test]
    public async Task ListResources_WindowsDesktop_TheDesktopWithItsLabelsInItsHeader()
    {
        var response = await sim.Plugin.Auth.ListResourcesAsync(Named("windows_desktop", "win-1", "db-1"));

        var desktop = response.Resources.Single().WindowsDesktop;
        Assert.Multiple(() =>
        {
            Assert.That((desktop.Header.Kind, desktop.Header.Metadata.Name), Is.EqualTo(("windows_desktop", "win-1")));
            Assert.That(desktop.Header.Metadata.Labels["team"], Is.EqualTo("desk"));
        });
    }

    [Test]
    public async Task ListResources_WithoutPreviewAsRolesOrWithoutThem_PermissionDeniedAndAdminListsDirectly()
    {
        var withoutPreview = await sim.ConnectAsAsync("plugin-no-preview", SimulatorRoles.AccessPluginWithoutPreview);
        var admin = await sim.ConnectAsAsync("admin", SimulatorRoles.Admin);
        var notAsked = Named("node", "db-1");
        notAsked.UsePreviewAsRoles = false;

        var pluginNotAsking = Assert.ThrowsAsync<RpcException>(async () => await sim.Plugin.Auth.ListResourcesAsync(notAsked));
        var roleWithoutPreview = Assert.ThrowsAsync<RpcException>(async () => await withoutPreview.Auth.ListResourcesAsync(Named("node", "db-1")));
        var direct = await admin.Auth.ListResourcesAsync(notAsked);

        Assert.Multiple(() =>
        {
            Assert.That(pluginNotAsking!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied), "the access-plugin role lists resources only through preview_as_roles");
            Assert.That(roleWithoutPreview!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(roleWithoutPreview.Status.Detail, Does.Contain("\"list\"").And.Contain("node"));
            Assert.That(direct.Resources.Single().Node.Metadata.Name, Is.EqualTo("db-1"));
        });
    }

    [Test]
    public void ListResources_TypeWithoutPaginationOrOtherPredicate_NotImplementedOrBadParameter()
    {
        var unpaged = Assert.ThrowsAsync<RpcException>(async () => await sim.Plugin.Auth.ListResourcesAsync(Named("role", "editor")));
        var other = Named("node", "db-1");
        other.PredicateExpression = "labels.env == \"prod\"";
        var unsupported = Assert.ThrowsAsync<RpcException>(async () => await sim.Plugin.Auth.ListResourcesAsync(other));

        Assert.Multiple(() =>
        {
            Assert.That(unpaged!.StatusCode, Is.EqualTo(StatusCode.Unimplemented));
            Assert.That(unsupported!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        });
    }

    // What api/accessrequest.GetResourcesByResourceIDs sends with the access plugins' UsePreviewAsRoles option.
    private static ListResourcesRequest Named(string type, params string[] names) => new()
    {
        ResourceType = type,
        Limit = names.Length,
        PredicateExpression = string.Join(" || ", names.Select(n => $"resource.metadata.name == \"{n}\"")),
        UsePreviewAsRoles = true,
    };
}
