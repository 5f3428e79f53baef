using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Reviews;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Host.Tests.Routing;

/// <summary>
/// Routing end to end over the wire: the simulator serves the rules and their watch events, the engine routes each
/// step of each adapter by them while they are created, changed and deleted, and a role without the permission still
/// delivers everything with routing off.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RoutingEngineTests
{
    private SimulatorTeleportPeer peer = null!;
    private RecordingLoggerProvider logs = null!;

    [SetUp]
    public async Task StartAsync()
    {
        peer = await SimulatorTeleportPeer.StartAsync(new SimulatorOptions());
        logs = new RecordingLoggerProvider();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await peer.DisposeAsync();
        logs.Dispose();
    }

    [Test]
    public async Task Engine_RulesPerAdapter_EachAdapterGetsItsRoutedRecipientsOrNone()
    {
        peer.Server.UpsertAccessMonitoringRule(Rule("db-slack", "slack", "access_request.spec.roles.contains(\"db-admin\")", "#db-oncall"));
        peer.Server.UpsertAccessMonitoringRule(Rule("db-email", "email", "access_request.spec.roles.contains(\"db-admin\")", "dba@example.com"));
        var slack = new RoutedRecipientsAdapter();
        var email = new RoutedRecipientsAdapter();
        var teams = new RoutedRecipientsAdapter();
        await using var engine = Start(peer.Client, ("slack", slack), ("email", email), ("teams", teams));

        var db = await CreateAsync("db-admin");
        var web = await CreateAsync("web");
        await WaitForAsync(() => slack.StepsOf(db).Count == 1 && slack.StepsOf(web).Count == 1 && email.StepsOf(db).Count == 1 && teams.StepsOf(db).Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(slack.StepsOf(db), Is.EqualTo(new[] { "created:#db-oncall" }));
            Assert.That(email.StepsOf(db), Is.EqualTo(new[] { "created:dba@example.com" }));
            Assert.That(teams.StepsOf(db), Is.EqualTo(new[] { "created:-" }));
            Assert.That(slack.StepsOf(web), Is.EqualTo(new[] { "created:-" }));
        });
    }

    [Test]
    public async Task Engine_RuleCreatedChangedDeletedWhileRunning_LaterStepsFollowTheRule()
    {
        var slack = new RoutedRecipientsAdapter();
        await using var engine = Start(peer.Client, ("slack", slack));
        await WaitForAsync(() => engine.Routing.IsActive);
        var before = await CreateAsync("db-admin");
        await WaitForAsync(() => slack.StepsOf(before).Count == 1);

        peer.Server.UpsertAccessMonitoringRule(Rule("db", "slack", "true", "#db"));
        await WaitForAsync(() => engine.Routing.Rules.Count == 1);
        var created = await CreateAsync("db-admin");
        await WaitForAsync(() => slack.StepsOf(created).Count == 1);

        peer.Server.UpsertAccessMonitoringRule(Rule("db", "slack", "true", "#db-new", "#audit"));
        await WaitForAsync(() => engine.Routing.Rules.Any(r => r.Recipients.Contains("#audit")));
        peer.Server.Approve(before);
        var changed = await CreateAsync("db-admin");
        await WaitForAsync(() => slack.StepsOf(changed).Count == 1 && slack.StepsOf(before).Count == 2);

        peer.Server.DeleteAccessMonitoringRule("db");
        await WaitForAsync(() => engine.Routing.Rules.Count == 0);
        var deleted = await CreateAsync("db-admin");
        await WaitForAsync(() => slack.StepsOf(deleted).Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(slack.StepsOf(before), Is.EqualTo(new[] { "created:-", "resolved:#db-new,#audit" }));
            Assert.That(slack.StepsOf(created), Is.EqualTo(new[] { "created:#db" }));
            Assert.That(slack.StepsOf(changed), Is.EqualTo(new[] { "created:#db-new,#audit" }));
            Assert.That(slack.StepsOf(deleted), Is.EqualTo(new[] { "created:-" }));
        });
    }

    [Test]
    public async Task Engine_RoleMayNotReadRules_StartsDeliversAndSaysOnceThatRoutingIsOff()
    {
        peer.Server.UpsertAccessMonitoringRule(Rule("db", "slack", "true", "#db"));
        var identity = await peer.Server.IssueIdentityAsync("plugin-old", [SimulatorRoles.AccessPluginWithoutRules], "plugin-old.identity", CancellationToken.None);
        using var connection = TeleportConnection.Open(
            new TeleportOptions { Addr = $"127.0.0.1:{peer.Server.GrpcPort}", Identity = Path.GetFullPath(identity) }, TimeProvider.System, logs);
        var slack = new RoutedRecipientsAdapter();
        await using var engine = Start(connection.Client, ("slack", slack));

        var first = await CreateAsync("db-admin");
        await WaitForAsync(() => slack.StepsOf(first).Count == 1);
        peer.Server.DropWatchStreams();
        await WaitForAsync(() => engine.StreamsOpened >= 2);
        var second = await CreateAsync("db-admin");
        await WaitForAsync(() => slack.StepsOf(second).Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(slack.StepsOf(first), Is.EqualTo(new[] { "created:-" }));
            Assert.That(slack.StepsOf(second), Is.EqualTo(new[] { "created:-" }));
            Assert.That(engine.Routing.IsActive, Is.False);
            Assert.That(
                logs.Messages(LogLevel.Warning).Where(m => m.Contains("Access Monitoring Rules is off", StringComparison.Ordinal)),
                Has.One.Contains("access_monitoring_rule"));
        });
    }

    [Test]
    public async Task Engine_BadConditionBesideGoodRule_GoodRuleRoutesOneErrorLineForTheBadOne()
    {
        peer.Server.UpsertAccessMonitoringRule(Rule("bad", "slack", "access_request.spec.roles.contains(\"db-admin\"", "#bad"));
        peer.Server.UpsertAccessMonitoringRule(Rule("good", "slack", "access_request.spec.roles.contains(\"db-admin\")", "#good"));
        var slack = new RoutedRecipientsAdapter();
        await using var engine = Start(peer.Client, ("slack", slack));

        var id = await CreateAsync("db-admin");
        await WaitForAsync(() => slack.StepsOf(id).Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(slack.StepsOf(id), Is.EqualTo(new[] { "created:#good" }));
            Assert.That(logs.Messages(LogLevel.Error), Has.One.Contains("bad").And.Contains("line 1, column 46"));
        });
    }

    [Test]
    public async Task Engine_RuleOnUserTraits_RoutesByTheRequesterTraitsReadFromTeleport()
    {
        peer.Server.AddUser(new SimulatedUser("carol", [SimulatorRoles.Reviewer], new Dictionary<string, IReadOnlyList<string>> { ["groups"] = ["sre"] }));
        peer.Server.AddUser(new SimulatedUser("dave", [SimulatorRoles.Reviewer], new Dictionary<string, IReadOnlyList<string>> { ["groups"] = ["web"] }));
        peer.Server.UpsertAccessMonitoringRule(Rule("sre", "slack", "user.traits[\"groups\"].contains(\"sre\")", "#sre"));
        var slack = new RoutedRecipientsAdapter();
        await using var engine = Start(peer.Client, peer.OnBehalf, ("slack", slack));

        var carol = await CreateAsync("editor");
        var dave = await peer.CreateRequestAsync("dave", ["editor"], "routing test", [], new Dictionary<string, string[]>());
        await WaitForAsync(() => slack.StepsOf(carol).Count == 1 && slack.StepsOf(dave).Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(slack.StepsOf(carol), Is.EqualTo(new[] { "created:#sre" }));
            Assert.That(slack.StepsOf(dave), Is.EqualTo(new[] { "created:-" }));
            Assert.That(peer.Server.Calls.Snapshot()["GetUser"], Is.EqualTo(2), "one look-up per requester");
        });
    }

    [Test]
    public async Task Engine_NoRuleReadsUserTraits_NoUsersCallsAtAll()
    {
        peer.Server.AddUser(new SimulatedUser("carol", [SimulatorRoles.Reviewer], new Dictionary<string, IReadOnlyList<string>> { ["groups"] = ["sre"] }));
        peer.Server.UpsertAccessMonitoringRule(Rule("db", "slack", "access_request.spec.roles.contains(\"db-admin\")", "#db"));
        peer.Server.UpsertAccessMonitoringRule(Rule("sre-mail", "email", "user.traits.groups.contains(\"sre\")", "sre@example.com"));
        var slack = new RoutedRecipientsAdapter();
        var teams = new RoutedRecipientsAdapter();
        await using var engine = Start(peer.Client, peer.OnBehalf, ("slack", slack), ("teams", teams));

        var db = await CreateAsync("db-admin");
        await WaitForAsync(() => slack.StepsOf(db).Count == 1 && teams.StepsOf(db).Count == 1);
        peer.Server.Approve(db);
        await WaitForAsync(() => slack.StepsOf(db).Count == 2 && teams.StepsOf(db).Count == 2);

        var calls = peer.Server.Calls.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(slack.StepsOf(db), Is.EqualTo(new[] { "created:#db", "resolved:#db" }));
            Assert.That(calls["GetUser"] + calls["ListUsers"], Is.Zero, "only the e-mail rule reads user.traits, and no e-mail adapter runs");
        });
    }

    [Test]
    public async Task Engine_RulesOnResourceLabels_RouteByTheRequestedResourcesLabelsReadFromTeleport()
    {
        peer.Server.AddResource(new SimulatedResource("node", "db-1", new Dictionary<string, string> { ["env"] = "prod", ["team"] = "dba" }));
        peer.Server.AddResource(new SimulatedResource("node", "db-2", new Dictionary<string, string> { ["env"] = "prod", ["team"] = "web" }));
        peer.Server.AddResource(new SimulatedResource("kube_cluster", "k8s", new Dictionary<string, string> { ["env"] = "prod" }));
        peer.Server.AddResource(new SimulatedResource("node", "web-1", new Dictionary<string, string> { ["env"] = "dev", ["team"] = "dba" }));
        peer.Server.UpsertAccessMonitoringRule(Rule("all-prod", "slack", "access_request.spec.resource_labels_intersection[\"env\"].contains(\"prod\")", "#prod"));
        peer.Server.UpsertAccessMonitoringRule(Rule("any-dba", "slack", "access_request.spec.resource_labels_union.team.contains(\"dba\")", "#dba"));
        var slack = new RoutedRecipientsAdapter();
        await using var engine = Start(peer.Client, peer.OnBehalf, ("slack", slack));

        // "gone" is not in the cluster: Teleport lists what it finds, so it takes nothing from the intersection.
        var prod = CreateForResources("node/db-1", "node/db-2", "kube_cluster/k8s", "node/gone");
        var mixed = CreateForResources("node/db-1", "node/web-1");
        var roles = await CreateAsync("editor");
        await WaitForAsync(() => slack.StepsOf(prod).Count == 1 && slack.StepsOf(mixed).Count == 1 && slack.StepsOf(roles).Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(slack.StepsOf(prod), Is.EqualTo(new[] { "created:#prod,#dba" }));
            Assert.That(slack.StepsOf(mixed), Is.EqualTo(new[] { "created:#dba" }), "env differs between the two nodes: not in the intersection");
            Assert.That(slack.StepsOf(roles), Is.EqualTo(new[] { "created:-" }));
            Assert.That(peer.Server.Calls.Snapshot()["ListResources"], Is.EqualTo(3), "one call per kind not yet cached; none for a request naming no resources");
        });
    }

    [Test]
    public async Task Engine_RulesOnResourceLabels_AppsDatabasesAndDesktopsRouteByTheirOwnLabels()
    {
        peer.Server.AddResource(new SimulatedResource("node", "db-1", new Dictionary<string, string> { ["env"] = "prod", ["team"] = "dba" }));
        peer.Server.AddResource(new SimulatedResource("app", "grafana", new Dictionary<string, string> { ["env"] = "prod", ["team"] = "obs" }));
        peer.Server.AddResource(new SimulatedResource("app", "wiki", new Dictionary<string, string> { ["env"] = "dev" }));
        peer.Server.AddResource(new SimulatedResource("db", "orders", new Dictionary<string, string> { ["env"] = "prod", ["team"] = "pay" }));
        peer.Server.AddResource(new SimulatedResource("windows_desktop", "win-1", new Dictionary<string, string> { ["env"] = "prod", ["team"] = "desk" }));
        peer.Server.UpsertAccessMonitoringRule(Rule("all-prod", "slack", "access_request.spec.resource_labels_intersection[\"env\"].contains(\"prod\")", "#prod"));
        peer.Server.UpsertAccessMonitoringRule(Rule("obs", "slack", "access_request.spec.resource_labels_union.team.contains(\"obs\")", "#obs"));
        peer.Server.UpsertAccessMonitoringRule(Rule("pay", "slack", "access_request.spec.resource_labels_union.team.contains(\"pay\")", "#pay"));
        peer.Server.UpsertAccessMonitoringRule(Rule("desk", "slack", "access_request.spec.resource_labels_union.team.contains(\"desk\")", "#desk"));
        var slack = new RoutedRecipientsAdapter();
        await using var engine = Start(peer.Client, peer.OnBehalf, ("slack", slack));

        var nodeAndApp = CreateForResources("node/db-1", "app/grafana");
        var devApp = CreateForResources("node/db-1", "app/wiki");
        var database = CreateForResources("db/orders");
        var desktop = CreateForResources("windows_desktop/win-1");
        await WaitForAsync(() => new[] { nodeAndApp, devApp, database, desktop }.All(id => slack.StepsOf(id).Count == 1));

        Assert.Multiple(() =>
        {
            Assert.That(slack.StepsOf(nodeAndApp), Is.EqualTo(new[] { "created:#prod,#obs" }), "the app's labels join the node's in the union and the intersection");
            Assert.That(slack.StepsOf(devApp), Is.EqualTo(new[] { "created:-" }), "the app's env differs from the node's: not in the intersection");
            Assert.That(slack.StepsOf(database), Is.EqualTo(new[] { "created:#prod,#pay" }));
            Assert.That(slack.StepsOf(desktop), Is.EqualTo(new[] { "created:#prod,#desk" }));
        });
    }

    [Test]
    public async Task Engine_RulesOnResourceLabels_CommandLabelsReplaceStaticOnesOfTheSameKey()
    {
        peer.Server.AddResource(new SimulatedResource(
            "node", "db-1", new Dictionary<string, string> { ["env"] = "prod" }, new Dictionary<string, string> { ["env"] = "dev" }));
        peer.Server.AddResource(new SimulatedResource(
            "db", "orders", new Dictionary<string, string>(), new Dictionary<string, string> { ["team"] = "pay" }));
        peer.Server.AddResource(new SimulatedResource(
            "kube_cluster", "k8s", new Dictionary<string, string>(), new Dictionary<string, string> { ["team"] = "pay" }));
        peer.Server.UpsertAccessMonitoringRule(Rule("prod", "slack", "access_request.spec.resource_labels_union.env.contains(\"prod\")", "#prod"));
        peer.Server.UpsertAccessMonitoringRule(Rule("dev", "slack", "access_request.spec.resource_labels_union.env.contains(\"dev\")", "#dev"));
        peer.Server.UpsertAccessMonitoringRule(Rule("pay", "slack", "access_request.spec.resource_labels_intersection.team.contains(\"pay\")", "#pay"));
        var slack = new RoutedRecipientsAdapter();
        await using var engine = Start(peer.Client, peer.OnBehalf, ("slack", slack));

        var node = CreateForResources("node/db-1");
        var payments = CreateForResources("db/orders", "kube_cluster/k8s");
        await WaitForAsync(() => slack.StepsOf(node).Count == 1 && slack.StepsOf(payments).Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(slack.StepsOf(node), Is.EqualTo(new[] { "created:#dev" }), "the command label's result replaces the static env");
            Assert.That(slack.StepsOf(payments), Is.EqualTo(new[] { "created:#pay" }));
        });
    }

    [Test]
    public async Task Engine_NoRuleReadsResourceLabels_NoListResourcesCalls()
    {
        peer.Server.AddResource(new SimulatedResource("node", "db-1", new Dictionary<string, string> { ["env"] = "prod" }));
        peer.Server.UpsertAccessMonitoringRule(Rule("editors", "slack", "access_request.spec.roles.contains(\"editor\")", "#editors"));
        peer.Server.UpsertAccessMonitoringRule(Rule("prod-mail", "email", "access_request.spec.resource_labels_union.env.contains(\"prod\")", "prod@example.com"));
        var slack = new RoutedRecipientsAdapter();
        await using var engine = Start(peer.Client, peer.OnBehalf, ("slack", slack));

        var id = CreateForResources("node/db-1");
        await WaitForAsync(() => slack.StepsOf(id).Count == 1);
        peer.Server.Approve(id);
        await WaitForAsync(() => slack.StepsOf(id).Count == 2);

        Assert.Multiple(() =>
        {
            Assert.That(slack.StepsOf(id), Is.EqualTo(new[] { "created:#editors", "resolved:#editors" }));
            Assert.That(peer.Server.Calls.Snapshot()["ListResources"], Is.Zero, "only the e-mail rule reads resource labels, and no e-mail adapter runs");
        });
    }

    [Test]
    public async Task Engine_RoleWithoutPreviewAsRoles_RequestsRouteByNoRuleAndOneWarning()
    {
        peer.Server.AddResource(new SimulatedResource("node", "db-1", new Dictionary<string, string> { ["env"] = "prod" }));
        peer.Server.UpsertAccessMonitoringRule(Rule("prod", "slack", "access_request.spec.resource_labels_union.env.contains(\"prod\")", "#prod"));
        peer.Server.UpsertAccessMonitoringRule(Rule("all", "slack", "true", "#all"));
        var identity = await peer.Server.IssueIdentityAsync("plugin-no-preview", [SimulatorRoles.AccessPluginWithoutPreview], "no-preview.identity", CancellationToken.None);
        using var connection = TeleportConnection.Open(
            new TeleportOptions { Addr = $"127.0.0.1:{peer.Server.GrpcPort}", Identity = Path.GetFullPath(identity) }, TimeProvider.System, logs);
        var slack = new RoutedRecipientsAdapter();
        await using var engine = Start(connection.Client, connection.OnBehalf, ("slack", slack));

        var first = CreateForResources("node/db-1");
        await WaitForAsync(() => slack.StepsOf(first).Count == 1);
        var second = CreateForResources("node/db-1");
        var roles = await CreateAsync("editor");
        await WaitForAsync(() => slack.StepsOf(second).Count == 1 && slack.StepsOf(roles).Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(slack.StepsOf(first), Is.EqualTo(new[] { "created:-" }), "Teleport's plugins route by no rule when the resources cannot be listed");
            Assert.That(slack.StepsOf(second), Is.EqualTo(new[] { "created:-" }));
            Assert.That(slack.StepsOf(roles), Is.EqualTo(new[] { "created:#all" }), "a request naming no resources needs no listing");
            Assert.That(peer.Server.Calls.Snapshot()["ListResources"], Is.EqualTo(1), "the refusal is remembered for the next request");
            Assert.That(logs.Messages(LogLevel.Warning).Where(m => m.Contains("preview_as_roles", StringComparison.Ordinal)), Has.One.Contains("may not list"));
        });
    }

    private static SimulatedAccessMonitoringRule Rule(string name, string adapter, string condition, params string[] recipients) =>
        new(name, ["access_request"], condition, adapter, recipients);

    private static Task WaitForAsync(Func<bool> condition) => EngineTestKit.WaitUntilAsync(condition, "routing to catch up");

    private RequestEngine Start(ITeleportClient client, params (string Name, IAccessRequestAdapter Adapter)[] adapters) =>
        Start(client, null, adapters);

    private RequestEngine Start(ITeleportClient client, ITeleportOnBehalfClient? users, params (string Name, IAccessRequestAdapter Adapter)[] adapters)
    {
        var engine = new RequestEngine(
            client,
            [.. adapters.Select(a => EngineTestKit.Active(a.Adapter, a.Name))],
            name => new TeleportReviewService(client, name, "teleport-plugins", logs.CreateLogger<TeleportReviewService>()),
            EngineTestKit.FastWatch(),
            EngineTestKit.FastDispatch(),
            "replica-1",
            new HostReadiness(),
            TimeProvider.System,
            logs,
            users: users);
        engine.Start();
        return engine;
    }

    private string CreateForResources(params string[] resources) =>
        peer.Server.CreateRequest(new NewAccessRequest
        {
            User = "carol",
            Roles = ["editor"],
            Reason = "routing test",
            Resources = [.. resources.Select(r => $"/{peer.Server.ClusterName}/{r}")],
        }).Id;

    private Task<string> CreateAsync(string role) =>
        peer.CreateRequestAsync("carol", [role], "routing test", [], new Dictionary<string, string[]>());
}
