using Grpc.Core;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.AccessMonitoringRules;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Simulator.Tests.Support;

namespace TeleportPlugins.Simulator.Tests.Grpc;

/// <summary>The Access Monitoring Rules service, rule watch events and the per-kind watch permission.</summary>
[TestFixture]
public sealed class AccessMonitoringRulesWireTests
{
    private TestSimulator sim = null!;

    [SetUp]
    public async Task StartAsync() => sim = await TestSimulator.StartAsync();

    [TearDown]
    public async Task StopAsync() => await sim.DisposeAsync();

    [Test]
    public async Task ListAccessMonitoringRulesWithFilter_SubjectsAndNotificationName_OnlyMatchingRulesInPages()
    {
        sim.Server.UpsertAccessMonitoringRule(Rule("a-slack", "slack"));
        sim.Server.UpsertAccessMonitoringRule(Rule("b-slack", "slack"));
        sim.Server.UpsertAccessMonitoringRule(Rule("c-email", "email"));
        sim.Server.UpsertAccessMonitoringRule(Rule("d-lists", "slack") with { Subjects = ["access_list"] });
        var rules = new AccessMonitoringRulesService.AccessMonitoringRulesServiceClient(sim.Plugin.Invoker);

        var filter = new ListAccessMonitoringRulesWithFilterRequest { PageSize = 1, Subjects = { "access_request" }, NotificationName = "slack" };
        var first = await rules.ListAccessMonitoringRulesWithFilterAsync(filter);
        filter.PageToken = first.NextPageToken;
        var second = await rules.ListAccessMonitoringRulesWithFilterAsync(filter);

        Assert.Multiple(() =>
        {
            Assert.That(first.Rules.Select(r => r.Metadata.Name), Is.EqualTo(new[] { "a-slack" }));
            Assert.That(second.Rules.Select(r => r.Metadata.Name), Is.EqualTo(new[] { "b-slack" }));
            Assert.That(second.NextPageToken, Is.Empty);
            Assert.That(first.Rules[0].Spec.Notification.Recipients, Is.EqualTo(new[] { "#ops" }));
            Assert.That(first.Rules[0].Kind, Is.EqualTo("access_monitoring_rule"));
        });
    }

    [Test]
    public async Task ListAccessMonitoringRulesWithFilter_RoleWithoutRulePermission_PermissionDenied()
    {
        var client = await sim.ConnectAsAsync("plugin-old", SimulatorRoles.AccessPluginWithoutRules);
        var rules = new AccessMonitoringRulesService.AccessMonitoringRulesServiceClient(client.Invoker);

        var error = Assert.ThrowsAsync<RpcException>(async () =>
            await rules.ListAccessMonitoringRulesWithFilterAsync(new ListAccessMonitoringRulesWithFilterRequest()));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }

    [Test]
    public async Task WatchEvents_RuleUpsertedAndDeleted_PutAndDeleteOnlyToRuleWatchers()
    {
        await using var both = new WatchReader(sim.Plugin, BothKinds(allowPartialSuccess: false));
        await using var requestsOnly = new WatchReader(sim.Plugin, WatchReader.AccessRequests());
        await both.NextAsync();
        await requestsOnly.NextAsync();

        sim.Server.UpsertAccessMonitoringRule(Rule("db", "slack"));
        sim.Server.DeleteAccessMonitoringRule("db");
        var id = sim.Server.CreateRequest(new NewAccessRequest { User = "carol", Roles = ["editor"] }).Id;
        var put = await both.NextAsync();
        var deleted = await both.NextAsync();
        var request = await both.NextAsync();
        var firstSeenByRequestsOnly = await requestsOnly.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(put.Type, Is.EqualTo(Operation.Put));
            Assert.That(put.AccessMonitoringRule.Metadata.Name, Is.EqualTo("db"));
            Assert.That(put.AccessMonitoringRule.Spec.Condition, Is.EqualTo("access_request.spec.roles.contains(\"db\")"));
            Assert.That(deleted.Type, Is.EqualTo(Operation.Delete));
            Assert.That(deleted.ResourceHeader.Kind, Is.EqualTo("access_monitoring_rule"));
            Assert.That(deleted.ResourceHeader.Metadata.Name, Is.EqualTo("db"));
            Assert.That(request.AccessRequest.Metadata.Name, Is.EqualTo(id));
            Assert.That(firstSeenByRequestsOnly.AccessRequest.Metadata.Name, Is.EqualTo(id));
        });
    }

    [Test]
    public async Task WatchEvents_RuleKindWithoutPermission_PartialSuccessConfirmsRequestsOnly()
    {
        var client = await sim.ConnectAsAsync("plugin-old", SimulatorRoles.AccessPluginWithoutRules);
        await using var watch = new WatchReader(client, BothKinds(allowPartialSuccess: true));

        var init = await watch.NextAsync();

        Assert.That(init.WatchStatus.Spec.Kinds.Select(k => k.Kind), Is.EqualTo(new[] { "access_request" }));
    }

    [Test]
    public async Task WatchEvents_RuleKindWithoutPermissionNoPartialSuccess_PermissionDenied()
    {
        var client = await sim.ConnectAsAsync("plugin-old", SimulatorRoles.AccessPluginWithoutRules);
        await using var watch = new WatchReader(client, BothKinds(allowPartialSuccess: false));

        var error = Assert.ThrowsAsync<RpcException>(watch.NextAsync);

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }

    [Test]
    public async Task WatchEvents_WithPermission_InitConfirmsBothKinds()
    {
        await using var watch = new WatchReader(sim.Plugin, BothKinds(allowPartialSuccess: true));

        var init = await watch.NextAsync();

        Assert.That(init.WatchStatus.Spec.Kinds.Select(k => k.Kind), Is.EqualTo(new[] { "access_request", "access_monitoring_rule" }));
    }

    private static SimulatedAccessMonitoringRule Rule(string name, string plugin) =>
        new(name, ["access_request"], "access_request.spec.roles.contains(\"db\")", plugin, ["#ops"]);

    private static Watch BothKinds(bool allowPartialSuccess) => new()
    {
        Kinds = { new WatchKind { Kind = "access_request" }, new WatchKind { Kind = "access_monitoring_rule" } },
        AllowPartialSuccess = allowPartialSuccess,
    };
}
