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
    public void RecipientsFor_MatchingRulesForTheAdapter_UnionOfTheirRecipientsInRuleOrder()
    {
        rules.Load(
        [
            Rule("b-db", "slack", "access_request.spec.roles.contains(\"db-admin\")", "#db", "#oncall"),
            Rule("a-all", "slack", "!is_empty(access_request.spec.roles)", "#oncall", "#audit"),
            Rule("c-other-role", "slack", "access_request.spec.roles.contains(\"viewer\")", "#viewers"),
            Rule("d-email", "email", "true", "dba@example.com"),
            Rule("e-lists", "slack", "true", "#lists") with { Subjects = ["access_list"] },
        ]);

        var slack = rules.RecipientsFor("slack", Request("db-admin"));
        var email = rules.RecipientsFor("email", Request("db-admin"));
        var teams = rules.RecipientsFor("teams", Request("db-admin"));

        Assert.Multiple(() =>
        {
            Assert.That(slack, Is.EqualTo(new[] { "#oncall", "#audit", "#db" }));
            Assert.That(email, Is.EqualTo(new[] { "dba@example.com" }));
            Assert.That(teams, Is.Null, "no rule names teams: role_to_recipients applies");
        });
    }

    [Test]
    public void RecipientsFor_NoRuleMatches_Null()
    {
        rules.Load([Rule("db", "slack", "access_request.spec.roles.contains(\"db-admin\")", "#db")]);

        Assert.That(rules.RecipientsFor("slack", Request("editor")), Is.Null);
    }

    [Test]
    public void RecipientsFor_PluginSpecNameForm_RoutesOnlyTheNamedAdapter()
    {
        rules.Load([Rule("by-condition", string.Empty, "plugin.spec.name == \"mattermost\" && access_request.spec.user == \"carol\"", "team/ops")]);

        Assert.Multiple(() =>
        {
            Assert.That(rules.RecipientsFor("mattermost", Request("editor")), Is.EqualTo(new[] { "team/ops" }));
            Assert.That(rules.RecipientsFor("slack", Request("editor")), Is.Null);
        });
    }

    [Test]
    public void PutAndDelete_RuleCreatedChangedDeleted_RoutingFollows()
    {
        rules.Load([]);
        var before = rules.RecipientsFor("slack", Request("db-admin"));

        rules.Put(Rule("db", "slack", "true", "#db"));
        var created = rules.RecipientsFor("slack", Request("db-admin"));
        rules.Put(Rule("db", "slack", "true", "#db-new"));
        var changed = rules.RecipientsFor("slack", Request("db-admin"));
        rules.Put(Rule("db", "slack", "true", "#db-new") with { Subjects = ["access_list"] });
        var noLongerForRequests = rules.RecipientsFor("slack", Request("db-admin"));
        rules.Put(Rule("db", "slack", "true", "#db"));
        rules.Delete("db");
        var deleted = rules.RecipientsFor("slack", Request("db-admin"));

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
    public void Load_AfterReconnect_ReplacesRulesDeletedWhileDisconnected()
    {
        rules.Load([Rule("gone", "slack", "true", "#gone"), Rule("kept", "slack", "true", "#kept")]);

        rules.Load([Rule("kept", "slack", "true", "#kept")]);

        Assert.That(rules.RecipientsFor("slack", Request("editor")), Is.EqualTo(new[] { "#kept" }));
    }

    [Test]
    public void Load_BadCondition_DisablesThatRuleOnlyWithOneErrorLineNamingRuleAndPosition()
    {
        var broken = Rule("broken", "slack", "access_request.spec.roles.contains(\"db\") &&\n  access_request.spec.usr == \"x\"", "#broken");
        var good = Rule("good", "slack", "true", "#good");

        rules.Load([broken, good]);
        rules.Load([broken, good]);
        rules.Put(broken);
        var routed = rules.RecipientsFor("slack", Request("db"));

        var errors = logs.Lines.Where(l => l.Level == LogLevel.Error).Select(l => l.Message).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(routed, Is.EqualTo(new[] { "#good" }));
            Assert.That(errors, Has.Count.EqualTo(1), "reloading or re-putting the same broken rule says nothing new");
            Assert.That(errors[0], Does.Contain("broken").And.Contain("line 2, column 3").And.Contain("unknown identifier"));
        });
    }

    [Test]
    public void Put_BrokenRuleFixed_RoutesAgain()
    {
        rules.Load([Rule("r", "slack", "access_request.spec.roles.contains(", "#r")]);
        var whileBroken = rules.RecipientsFor("slack", Request("db"));

        rules.Put(Rule("r", "slack", "access_request.spec.roles.contains(\"db\")", "#r"));

        Assert.Multiple(() =>
        {
            Assert.That(whileBroken, Is.Null);
            Assert.That(rules.RecipientsFor("slack", Request("db")), Is.EqualTo(new[] { "#r" }));
        });
    }

    [Test]
    public void RecipientsFor_EvaluationFails_RuleSkippedWithWarningOthersStillRoute()
    {
        rules.Load(
        [
            Rule("bad-time", "slack", "after(access_request.spec.creation_time, time.RFC3339(access_request.spec.user))", "#never"),
            Rule("good", "slack", "true", "#good"),
        ]);

        var routed = rules.RecipientsFor("slack", Request("db"));

        Assert.Multiple(() =>
        {
            Assert.That(routed, Is.EqualTo(new[] { "#good" }));
            Assert.That(logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message), Has.One.Contains("bad-time").And.Contains("RFC 3339"));
        });
    }

    [Test]
    public void TurnOff_RepeatedAfterEachInit_OneLineAndNoRouting()
    {
        rules.Load([Rule("db", "slack", "true", "#db")]);

        rules.TurnOff("no permission");
        rules.TurnOff("no permission");
        rules.TurnOff("no permission");

        Assert.Multiple(() =>
        {
            Assert.That(rules.IsActive, Is.False);
            Assert.That(rules.RecipientsFor("slack", Request("db")), Is.Null);
            Assert.That(logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message), Has.One.Contains("routing by Access Monitoring Rules is off").IgnoreCase);
        });
    }

    private static MonitoringRule Rule(string name, string adapter, string condition, params string[] recipients) =>
        new(name, ["access_request"], condition, adapter, recipients);

    private static AccessRequestSnapshot Request(params string[] roles) => SampleRequests.Pending() with { User = "carol", Roles = roles };
}
