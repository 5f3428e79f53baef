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

    private Task<string> CreateAsync(string role) =>
        peer.CreateRequestAsync("carol", [role], "routing test", [], new Dictionary<string, string[]>());
}
