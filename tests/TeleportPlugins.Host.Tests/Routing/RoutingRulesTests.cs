using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Routing;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Routing;

/// <summary>Which rules route a request for which adapter, and how rule changes, broken rules and a missing permission show.</summary>
[TestFixture]
public sealed class RoutingRulesTests
{
    private RecordingLoggerProvider logs = null!;
    private RoutingRules rules = null!;

    [SetUp]
    public void SetUp()
    {
        logs = new RecordingLoggerProvider();
        rules = new RoutingRules(logs.CreateLogger<RoutingRules>());
    }

    [TearDown]
    public void TearDown() => logs.Dispose();

    [Test]
    public async Task RecipientsFor_MatchingRulesForTheAdapter_UnionOfTheirRecipientsInRuleOrder()
    {
        rules.Load(
        [
            Rule("b-db", "slack", "access_request.spec.roles.contains(\"db-admin\")", "#db", "#oncall"),
            Rule("a-all", "slack", "!is_empty(access_request.spec.roles)", "#oncall", "#audit"),
            Rule("c-other-role", "slack", "access_request.spec.roles.contains(\"viewer\")", "#viewers"),
            Rule("d-email", "email", "true", "dba@example.com"),
            Rule("e-lists", "slack", "true", "#lists") with { Subjects = ["access_list"] },
        ]);

        var slack = await rules.RecipientsForAsync("slack", Request("db-admin"), CancellationToken.None);
        var email = await rules.RecipientsForAsync("email", Request("db-admin"), CancellationToken.None);
        var teams = await rules.RecipientsForAsync("teams", Request("db-admin"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(slack, Is.EqualTo(new[] { "#oncall", "#audit", "#db" }));
            Assert.That(email, Is.EqualTo(new[] { "dba@example.com" }));
            Assert.That(teams, Is.Null, "no rule names teams: role_to_recipients applies");
        });
    }

    [Test]
    public async Task RecipientsFor_NoRuleMatches_Null()
    {
        rules.Load([Rule("db", "slack", "access_request.spec.roles.contains(\"db-admin\")", "#db")]);

        Assert.That(await rules.RecipientsForAsync("slack", Request("editor"), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task RecipientsFor_PluginSpecNameForm_RoutesOnlyTheNamedAdapter()
    {
        rules.Load([Rule("by-condition", string.Empty, "plugin.spec.name == \"mattermost\" && access_request.spec.user == \"carol\"", "team/ops")]);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await rules.RecipientsForAsync("mattermost", Request("editor"), CancellationToken.None), Is.EqualTo(new[] { "team/ops" }));
            Assert.That(await rules.RecipientsForAsync("slack", Request("editor"), CancellationToken.None), Is.Null);
        });
    }

    [Test]
    public async Task PutAndDelete_RuleCreatedChangedDeleted_RoutingFollows()
    {
        rules.Load([]);
        var before = await rules.RecipientsForAsync("slack", Request("db-admin"), CancellationToken.None);

        rules.Put(Rule("db", "slack", "true", "#db"));
        var created = await rules.RecipientsForAsync("slack", Request("db-admin"), CancellationToken.None);
        rules.Put(Rule("db", "slack", "true", "#db-new"));
        var changed = await rules.RecipientsForAsync("slack", Request("db-admin"), CancellationToken.None);
        rules.Put(Rule("db", "slack", "true", "#db-new") with { Subjects = ["access_list"] });
        var noLongerForRequests = await rules.RecipientsForAsync("slack", Request("db-admin"), CancellationToken.None);
        rules.Put(Rule("db", "slack", "true", "#db"));
        rules.Delete("db");
        var deleted = await rules.RecipientsForAsync("slack", Request("db-admin"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Null);
            Assert.That(created, Is.EqualTo(new[] { "#db" }));
            Assert.That(changed, Is.EqualTo(new[] { "#db-new" }));
            Assert.That(noLongerForRequests, Is.Null);
            Assert.That(deleted, Is.Null);
        });
    }

    [Test]
    public async Task Load_AfterReconnect_ReplacesRulesDeletedWhileDisconnected()
    {
        rules.Load([Rule("gone", "slack", "true", "#gone"), Rule("kept", "slack", "true", "#kept")]);

        rules.Load([Rule("kept", "slack", "true", "#kept")]);

        Assert.That(await rules.RecipientsForAsync("slack", Request("editor"), CancellationToken.None), Is.EqualTo(new[] { "#kept" }));
    }

    [Test]
    public async Task Load_BadCondition_DisablesThatRuleOnlyWithOneErrorLineNamingRuleAndPosition()
    {
        var broken = Rule("broken", "slack", "access_request.spec.roles.contains(\"db\") &&\n  access_request.spec.usr == \"x\"", "#broken");
        var good = Rule("good", "slack", "true", "#good");

        rules.Load([broken, good]);
        rules.Load([broken, good]);
        rules.Put(broken);
        var routed = await rules.RecipientsForAsync("slack", Request("db"), CancellationToken.None);

        var errors = logs.Lines.Where(l => l.Level == LogLevel.Error).Select(l => l.Message).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(routed, Is.EqualTo(new[] { "#good" }));
            Assert.That(errors, Has.Count.EqualTo(1), "reloading or re-putting the same broken rule says nothing new");
            Assert.That(errors[0], Does.Contain("broken").And.Contain("line 2, column 3").And.Contain("unknown identifier"));
        });
    }

    [Test]
    public async Task Put_BrokenRuleFixed_RoutesAgain()
    {
        rules.Load([Rule("r", "slack", "access_request.spec.roles.contains(", "#r")]);
        var whileBroken = await rules.RecipientsForAsync("slack", Request("db"), CancellationToken.None);

        rules.Put(Rule("r", "slack", "access_request.spec.roles.contains(\"db\")", "#r"));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(whileBroken, Is.Null);
            Assert.That(await rules.RecipientsForAsync("slack", Request("db"), CancellationToken.None), Is.EqualTo(new[] { "#r" }));
        });
    }

    [Test]
    public async Task RecipientsFor_EvaluationFails_RuleSkippedWithWarningOthersStillRoute()
    {
        rules.Load(
        [
            Rule("bad-time", "slack", "after(access_request.spec.creation_time, time.RFC3339(access_request.spec.user))", "#never"),
            Rule("good", "slack", "true", "#good"),
        ]);

        var routed = await rules.RecipientsForAsync("slack", Request("db"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(routed, Is.EqualTo(new[] { "#good" }));
            Assert.That(logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message), Has.One.Contains("bad-time").And.Contains("RFC 3339"));
        });
    }

    [Test]
    public async Task TurnOff_RepeatedAfterEachInit_OneLineAndNoRouting()
    {
        rules.Load([Rule("db", "slack", "true", "#db")]);

        rules.TurnOff("no permission");
        rules.TurnOff("no permission");
        rules.TurnOff("no permission");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(rules.IsActive, Is.False);
            Assert.That(await rules.RecipientsForAsync("slack", Request("db"), CancellationToken.None), Is.Null);
            Assert.That(logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message), Has.One.Contains("routing by Access Monitoring Rules is off").IgnoreCase);
        });
    }

    [Test]
    public async Task RecipientsForAsync_RuleOnUserTraits_RoutesByTheRequesterTraits()
    {
        var users = UsersWith(("carol", "groups", "sre"), ("dave", "groups", "web"));
        var routing = Traced(users, new FakeTimeProvider());
        routing.Load([Rule("sre", "slack", "contains_any(user.traits[\"groups\"], set(\"sre\", \"dba\"))", "#sre")]);

        var carol = await routing.RecipientsForAsync("slack", Request("editor"), CancellationToken.None);
        var dave = await routing.RecipientsForAsync("slack", Request("editor") with { User = "dave" }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(carol, Is.EqualTo(new[] { "#sre" }));
            Assert.That(dave, Is.Null);
        });
    }

    [Test]
    public async Task RecipientsForAsync_NoRuleForTheAdapterReadsTraits_NoUserLookup()
    {
        var users = UsersWith(("carol", "groups", "sre"));
        var routing = Traced(users, new FakeTimeProvider());
        routing.Load(
        [
            Rule("roles", "slack", "access_request.spec.roles.contains(\"editor\")", "#editors"),
            Rule("traits-for-email", "email", "user.traits.groups.contains(\"sre\")", "sre@example.com"),
        ]);

        var slack = await routing.RecipientsForAsync("slack", Request("editor"), CancellationToken.None);
        var teams = await routing.RecipientsForAsync("teams", Request("editor"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(slack, Is.EqualTo(new[] { "#editors" }));
            Assert.That(teams, Is.Null);
            Assert.That(users.GetUserCalls, Is.Zero, "no rule for slack or teams reads user.traits");
        });
    }

    [Test]
    public async Task RecipientsForAsync_SameRequesterWithinAMinute_LookedUpOnceThenAgainAfterTheLifetime()
    {
        var users = UsersWith(("carol", "groups", "sre"));
        var time = new FakeTimeProvider();
        var routing = Traced(users, time);
        routing.Load([Rule("sre", "slack", "user.traits.groups.contains(\"sre\")", "#sre")]);

        await routing.RecipientsForAsync("slack", Request("editor"), CancellationToken.None);
        await routing.RecipientsForAsync("slack", Request("db-admin"), CancellationToken.None);
        var callsWithinTheLifetime = users.GetUserCalls;
        users.Users["carol"] = new Dictionary<string, IReadOnlyList<string>> { ["groups"] = ["web"] };
        time.Advance(RequesterTraits.Lifetime + TimeSpan.FromSeconds(1));
        var afterTheChange = await routing.RecipientsForAsync("slack", Request("editor"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(callsWithinTheLifetime, Is.EqualTo(1));
            Assert.That(users.GetUserCalls, Is.EqualTo(2));
            Assert.That(afterTheChange, Is.Null, "the trait changed in Teleport is seen once the cached answer expires");
        });
    }

    [Test]
    public async Task RecipientsForAsync_HostMayNotReadUsers_RulesEvaluateWithoutTraitsAndOneWarning()
    {
        var users = new CountingUsersClient { Failure = StatusCode.PermissionDenied };
        var time = new FakeTimeProvider();
        var routing = Traced(users, time);
        routing.Load(
        [
            Rule("sre", "slack", "user.traits.groups.contains(\"sre\")", "#sre"),
            Rule("no-groups", "slack", "is_empty(user.traits.groups)", "#triage"),
        ]);

        var first = await routing.RecipientsForAsync("slack", Request("editor"), CancellationToken.None);
        time.Advance(RequesterTraits.Lifetime + TimeSpan.FromSeconds(1));
        var second = await routing.RecipientsForAsync("slack", Request("editor") with { User = "dave" }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new[] { "#triage" }));
            Assert.That(second, Is.EqualTo(new[] { "#triage" }));
            Assert.That(users.GetUserCalls, Is.EqualTo(2));
            Assert.That(logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message), Has.One.Contains("user.traits").And.Contains("[user]"));
        });
    }

    [Test]
    public async Task RecipientsForAsync_RequesterNotFound_NoRuleRecipientsLikeTeleport()
    {
        var users = new CountingUsersClient();
        var routing = Traced(users, new FakeTimeProvider());
        routing.Load(
        [
            Rule("sre", "slack", "user.traits.groups.contains(\"sre\")", "#sre"),
            Rule("all", "slack", "true", "#all"),
        ]);

        var routed = await routing.RecipientsForAsync("slack", Request("editor"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(routed, Is.Null, "Teleport's plugins use no rule when the requester cannot be read: role_to_recipients applies");
            Assert.That(logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message), Has.One.Contains("carol").And.Contains("NotFound"));
        });
    }

    [Test]
    public void RecipientsForAsync_TeleportUnavailable_FailsSoTheStepIsRetried()
    {
        var users = new CountingUsersClient { Failure = StatusCode.Unavailable };
        var routing = Traced(users, new FakeTimeProvider());
        routing.Load([Rule("sre", "slack", "user.traits.groups.contains(\"sre\")", "#sre")]);

        var error = Assert.ThrowsAsync<RpcException>(async () => await routing.RecipientsForAsync("slack", Request("editor"), CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
    }

    [Test]
    public async Task RecipientsForAsync_RulesOnResourceLabels_UnionHasEveryValueIntersectionOnlyLabelsAllShare()
    {
        var resources = ResourcesWith(
            ("node", "db-1", new() { ["env"] = "prod", ["team"] = "dba" }),
            ("node", "db-2", new() { ["env"] = "prod", ["team"] = "web" }),
            ("kube_cluster", "k8s", new() { ["env"] = "prod" }));
        var routing = Labelled(resources, new FakeTimeProvider());
        routing.Load(
        [
            Rule("any-dba", "slack", "access_request.spec.resource_labels_union[\"team\"].contains(\"dba\")", "#dba"),
            Rule("all-prod", "slack", "access_request.spec.resource_labels_intersection[\"env\"].contains(\"prod\")", "#prod"),
            Rule("all-dba", "slack", "access_request.spec.resource_labels_intersection.team.contains(\"dba\")", "#only-dba"),
        ]);

        var both = await routing.RecipientsForAsync("slack", ForResources(("node", "db-1"), ("node", "db-2"), ("kube_cluster", "k8s")), CancellationToken.None);
        var one = await routing.RecipientsForAsync("slack", ForResources(("node", "db-1")), CancellationToken.None);
        var roles = await routing.RecipientsForAsync("slack", Request("editor"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(both, Is.EqualTo(new[] { "#prod", "#dba" }));
            Assert.That(one, Is.EqualTo(new[] { "#only-dba", "#prod", "#dba" }));
            Assert.That(roles, Is.Null, "a request for roles names no resources: both maps are empty");
            Assert.That(resources.ListResourcesCalls, Is.EqualTo(2), "one call per kind; db-1 the second time comes from the cache");
        });
    }

    [Test]
    public async Task RecipientsForAsync_NoRuleForTheAdapterReadsResourceLabels_NoResourceLookup()
    {
        var resources = ResourcesWith(("node", "db-1", new() { ["env"] = "prod" }));
        var routing = Labelled(resources, new FakeTimeProvider());
        routing.Load(
        [
            Rule("roles", "slack", "access_request.spec.roles.contains(\"editor\")", "#editors"),
            Rule("prod-mail", "email", "access_request.spec.resource_labels_union.env.contains(\"prod\")", "prod@example.com"),
        ]);

        var routed = await routing.RecipientsForAsync("slack", ForResources(("node", "db-1")) with { Roles = ["editor"] }, CancellationToken.None);
        var teams = await routing.RecipientsForAsync("teams", ForResources(("node", "db-1")), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(routed, Is.EqualTo(new[] { "#editors" }));
            Assert.That(teams, Is.Null);
            Assert.That(resources.ListResourcesCalls, Is.Zero);
        });
    }

    [Test]
    public async Task RecipientsForAsync_ResourceLabelsKeptForTheLifetime_ThenReadAgain()
    {
        var resources = ResourcesWith(("node", "db-1", new() { ["env"] = "prod" }));
        var time = new FakeTimeProvider();
        var routing = Labelled(resources, time);
        routing.Load([Rule("prod", "slack", "access_request.spec.resource_labels_union.env.contains(\"prod\")", "#prod")]);

        await routing.RecipientsForAsync("slack", ForResources(("node", "db-1")), CancellationToken.None);
        await routing.RecipientsForAsync("slack", ForResources(("node", "db-1")), CancellationToken.None);
        var callsWithinTheLifetime = resources.ListResourcesCalls;
        resources.Resources[("node", "db-1")] = new Dictionary<string, string> { ["env"] = "dev" };
        time.Advance(RequestedResourceLabels.Lifetime + TimeSpan.FromSeconds(1));
        var afterTheChange = await routing.RecipientsForAsync("slack", ForResources(("node", "db-1")), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(callsWithinTheLifetime, Is.EqualTo(1));
            Assert.That(afterTheChange, Is.Null, "the label changed in Teleport is seen once the cached answer expires");
        });
    }

    [Test]
    public async Task RecipientsForAsync_ResourceNotFound_AddsNoLabelsLikeTeleport()
    {
        var resources = ResourcesWith(("node", "db-1", new() { ["env"] = "prod" }));
        var routing = Labelled(resources, new FakeTimeProvider());
        routing.Load(
        [
            Rule("all-prod", "slack", "access_request.spec.resource_labels_intersection.env.contains(\"prod\")", "#prod"),
            Rule("none", "slack", "is_empty(access_request.spec.resource_labels_union.env)", "#unlabelled"),
        ]);

        var withGone = await routing.RecipientsForAsync("slack", ForResources(("node", "db-1"), ("node", "gone")), CancellationToken.None);
        var onlyGone = await routing.RecipientsForAsync("slack", ForResources(("node", "gone")), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(withGone, Is.EqualTo(new[] { "#prod" }), "Teleport lists what it finds: the missing node does not empty the intersection");
            Assert.That(onlyGone, Is.EqualTo(new[] { "#unlabelled" }));
            Assert.That(logs.Lines.Where(l => l.Level >= LogLevel.Warning), Is.Empty);
        });
    }

    [Test]
    public async Task RecipientsForAsync_HostMayNotListResources_NoRuleAppliesAndOneWarning()
    {
        var resources = new CountingUsersClient { ResourceFailure = StatusCode.PermissionDenied };
        var time = new FakeTimeProvider();
        var routing = Labelled(resources, time);
        routing.Load(
        [
            Rule("prod", "slack", "access_request.spec.resource_labels_union.env.contains(\"prod\")", "#prod"),
            Rule("all", "slack", "true", "#all"),
        ]);

        var first = await routing.RecipientsForAsync("slack", ForResources(("node", "db-1")), CancellationToken.None);
        var again = await routing.RecipientsForAsync("slack", ForResources(("node", "db-2")), CancellationToken.None);
        time.Advance(RequestedResourceLabels.Lifetime + TimeSpan.FromSeconds(1));
        var later = await routing.RecipientsForAsync("slack", ForResources(("node", "db-3")), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(new[] { first, again, later }, Is.All.Null, "Teleport's plugins route by no rule when the resources cannot be listed: role_to_recipients applies");
            Assert.That(resources.ListResourcesCalls, Is.EqualTo(2), "not asked again while the refusal is remembered");
            Assert.That(
                logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message),
                Has.One.Contains("may not list the requested resources").And.Contains("preview_as_roles"));
        });
    }

    [Test]
    public void RecipientsForAsync_TeleportUnavailableForResources_FailsSoTheStepIsRetried()
    {
        var resources = new CountingUsersClient { ResourceFailure = StatusCode.Unavailable };
        var routing = Labelled(resources, new FakeTimeProvider());
        routing.Load([Rule("prod", "slack", "access_request.spec.resource_labels_union.env.contains(\"prod\")", "#prod")]);

        var error = Assert.ThrowsAsync<RpcException>(async () => await routing.RecipientsForAsync("slack", ForResources(("node", "db-1")), CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
    }

    private static CountingUsersClient ResourcesWith(params (string Kind, string Name, Dictionary<string, string> Labels)[] resources)
    {
        var client = new CountingUsersClient();
        foreach (var (kind, name, labels) in resources)
        {
            client.Resources[(kind, name)] = labels;
        }

        return client;
    }

    private RoutingRules Labelled(CountingUsersClient resources, FakeTimeProvider time) =>
        new(logs.CreateLogger<RoutingRules>(), resourceLabels: new RequestedResourceLabels(resources, time, logs.CreateLogger<RequestedResourceLabels>()));

    private static AccessRequestSnapshot ForResources(params (string Kind, string Name)[] resources) =>
        Request() with { Resources = [.. resources.Select(r => new RequestedResource("sim.example.com", r.Kind, r.Name))] };

    private static CountingUsersClient UsersWith(params (string User, string Trait, string Value)[] users)
    {
        var client = new CountingUsersClient();
        foreach (var (user, trait, value) in users)
        {
            client.Users[user] = new Dictionary<string, IReadOnlyList<string>> { [trait] = [value] };
        }

        return client;
    }

    private RoutingRules Traced(CountingUsersClient users, FakeTimeProvider time) =>
        new(logs.CreateLogger<RoutingRules>(), new RequesterTraits(users, time, logs.CreateLogger<RequesterTraits>()));

    private static MonitoringRule Rule(string name, string adapter, string condition, params string[] recipients) =>
        new(name, ["access_request"], condition, adapter, recipients);

    private static AccessRequestSnapshot Request(params string[] roles) => SampleRequests.Pending() with { User = "carol", Roles = roles };
}
