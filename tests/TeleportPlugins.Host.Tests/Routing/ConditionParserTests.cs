using TeleportPlugins.Host.Routing;

namespace TeleportPlugins.Host.Tests.Routing;

/// <summary>Teleport's condition language for access requests: what parses, what it means, and what is refused where.</summary>
[TestFixture]
public sealed class ConditionParserTests
{
    private static readonly ConditionEnvironment Request = new()
    {
        Roles = ["db-admin", "editor"],
        SuggestedReviewers = ["alice@example.com", "bob@example.com"],
        Annotations = new Dictionary<string, IReadOnlyList<string>> { ["team"] = ["payments"], ["pagerduty_services"] = ["db", "web"] },
        User = "carol",
        RequestReason = "incident INC-42",
        CreationTime = new DateTimeOffset(2026, 12, 7, 10, 30, 0, TimeSpan.Zero),
        Expiry = new DateTimeOffset(2026, 12, 7, 18, 30, 0, TimeSpan.Zero),
        UserTraits = new Dictionary<string, IReadOnlyList<string>> { ["groups"] = ["sre", "oncall"], ["slack.team"] = ["T1"] },
        PluginName = "slack",
    };

    [TestCase("access_request.spec.roles.contains(\"db-admin\")", true)]
    [TestCase("access_request.spec.roles.contains(\"viewer\")", false)]
    [TestCase("!is_empty(access_request.spec.roles)", true)]
    [TestCase("is_empty(access_request.spec.suggested_reviewers)", false)]
    [TestCase("contains_any(access_request.spec.roles, set(\"viewer\", \"editor\"))", true)]
    [TestCase("contains_all(access_request.spec.roles, set(\"db-admin\", \"editor\"))", true)]
    [TestCase("contains_all(access_request.spec.roles, set())", false)]
    [TestCase("access_request.spec.roles.contains_any(set(\"x\", \"editor\"))", true)]
    [TestCase("access_request.spec.user == \"carol\" && access_request.spec.request_reason != \"\"", true)]
    [TestCase("access_request.spec.user == \"dave\" || plugin.spec.name == \"slack\"", true)]
    [TestCase("!(access_request.spec.user == \"carol\")", false)]
    [TestCase("access_request.spec.system_annotations[\"team\"].contains(\"payments\")", true)]
    [TestCase("access_request.spec.system_annotations.team.contains(\"payments\")", true)]
    [TestCase("access_request.spec.system_annotations.missing.isempty()", true)]
    [TestCase("user.traits[\"groups\"].contains(\"sre\")", true)]
    [TestCase("user.traits[\"slack.team\"].contains(\"T1\")", true)]
    [TestCase("regexp.match(access_request.spec.roles, \"db-*\")", true)]
    [TestCase("regexp.match(access_request.spec.roles, \"^ed.*r$\")", true)]
    [TestCase("regexp.match(access_request.spec.roles, \"db\")", false)]
    [TestCase("strings.upper(access_request.spec.user) == \"CAROL\"", true)]
    [TestCase("strings.lower(set(\"A\", \"B\")).contains(\"a\")", true)]
    [TestCase("email.local(access_request.spec.suggested_reviewers).contains(\"alice\")", true)]
    [TestCase("union(access_request.spec.roles, set(\"x\")).contains(\"x\")", true)]
    [TestCase("access_request.spec.roles.add(\"x\").remove(\"editor\").contains(\"editor\")", false)]
    [TestCase("access_request.spec.creation_time.before(access_request.spec.expiry)", true)]
    [TestCase("after(access_request.spec.creation_time, time.RFC3339(\"2026-12-01T00:00:00Z\"))", true)]
    [TestCase("access_request.spec.creation_time.between(time.RFC3339(\"2026-12-07T00:00:00Z\"), time.RFC3339(\"2026-12-08T00:00:00Z\"))", true)]
    [TestCase("day(access_request.spec.creation_time) == \"Monday\"", true)]
    [TestCase("clock_between(access_request.spec.creation_time, \"09:00\", \"17:00\")", true)]
    [TestCase("access_request.spec.creation_time.clock_between(\"11:00\", \"17:00\")", false)]
    [TestCase("`raw\\n` == \"raw\\\\n\"", true)]
    [TestCase("\"\\u00e9\\x41\" == \"éA\"", true)]
    [TestCase("1 == 1 && 2 != 3", true)]
    [TestCase("true && !false", true)]
    public void Parse_ValidCondition_EvaluatesAsTeleportDoes(string condition, bool expected)
    {
        var expression = ConditionParser.Parse(condition);

        Assert.That((bool)expression.Evaluate(Request), Is.EqualTo(expected));
    }

    // The README's examples.
    [TestCase("access_request.spec.roles.contains(\"db-admin\") && access_request.spec.user != \"ci-bot\"")]
    [TestCase("contains_any(access_request.spec.roles, set(\"prod-ro\", \"prod-rw\"))")]
    [TestCase("access_request.spec.system_annotations[\"team\"].contains(\"payments\")")]
    [TestCase("regexp.match(access_request.spec.roles, \"db-*\")")]
    [TestCase("plugin.spec.name == \"email\" && !is_empty(access_request.spec.suggested_reviewers)")]
    [TestCase("access_request.spec.creation_time.clock_between(\"18:00\", \"23:59\")")]
    public void Parse_DocumentedExample_Parses(string condition) =>
        Assert.That(ConditionParser.Parse(condition).Type, Is.EqualTo(ConditionType.Bool));

    [TestCase("", 0, "empty expression")]
    [TestCase("access_request.spec.roles.contains(\"x\"", 38, "expected ',' or ')'")]
    [TestCase("access_request.spec.rolez.contains(\"x\")", 0, "unknown identifier")]
    [TestCase("nosuch(\"x\")", 0, "unknown function 'nosuch'")]
    [TestCase("access_request.spec.roles", 0, "must be true or false, not a set")]
    [TestCase("access_request.spec.roles == \"x\"", 0, "not supported for type: set")]
    [TestCase("access_request.spec.user == 1", 28, "compares a string with a int")]
    [TestCase("true == true", 0, "not supported for type: bool")]
    [TestCase("contains_any(access_request.spec.roles, \"x\")", 0, "cannot take (set, string)")]
    [TestCase("access_request.spec.user && true", 0, "needs true or false")]
    [TestCase("access_request.spec.creation_time < access_request.spec.expiry", 34, "operator '<' is not supported")]
    [TestCase("regexp.match(access_request.spec.roles, \"^(a$\")", 40, "invalid regular expression")]
    [TestCase("ifelse(true, \"a\", \"b\") == \"a\"", 0, "unknown function 'ifelse'")]
    [TestCase("\"unterminated", 0, "not terminated")]
    [TestCase("a.b..c", 4, "expected a name")]
    [TestCase("true true", 5, "unexpected 'true'")]
    [TestCase("'x' == \"x\"", 0, "character literals")]
    [TestCase("1.5 == 1", 0, "only decimal integer")]
    [TestCase("access_request.spec.roles.contains", 0, "unknown identifier")]
    [TestCase("\"a\".contains(\"b\")", 0, "contains cannot take (string, string)")]
    public void Parse_BadCondition_FailsAtThePosition(string condition, int position, string message)
    {
        var error = Assert.Throws<ConditionSyntaxException>(() => ConditionParser.Parse(condition));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain(message).IgnoreCase);
            Assert.That(error.Position, Is.EqualTo(position));
        });
    }

    [Test]
    public void Parse_NestingBeyondTheLimit_RefusedWithoutExhaustingTheStack()
    {
        var deep = new string('(', ConditionParser.MaxDepth + 1) + "true" + new string(')', ConditionParser.MaxDepth + 1);
        var negations = new string('!', 10_000) + "true";

        var nested = Assert.Throws<ConditionSyntaxException>(() => ConditionParser.Parse(deep));
        var negated = Assert.Throws<ConditionSyntaxException>(() => ConditionParser.Parse(negations));

        Assert.Multiple(() =>
        {
            Assert.That(nested!.Message, Does.Contain("nests deeper"));
            Assert.That(negated!.Message, Does.Contain("longer than").Or.Contain("nests deeper"));
        });
    }

    [Test]
    public void Parse_TooManyOperators_Refused()
    {
        var chain = string.Join(" && ", Enumerable.Repeat("true", ConditionParser.MaxOperators + 2));

        var error = Assert.Throws<ConditionSyntaxException>(() => ConditionParser.Parse(chain));

        Assert.That(error!.Message, Does.Contain("operators"));
    }

    [Test]
    public void Evaluate_InvalidTimeAtRuntime_EvaluationErrorNotACrash()
    {
        var expression = ConditionParser.Parse("after(access_request.spec.creation_time, time.RFC3339(access_request.spec.user))");

        Assert.Throws<ConditionEvaluationException>(() => expression.Evaluate(Request));
    }

    [Test]
    public void Evaluate_OrShortCircuits_RightSideNotEvaluated()
    {
        // The right side would fail ("carol" is no time): Teleport stops at a true left side, and so does this.
        var expression = ConditionParser.Parse("true || after(access_request.spec.creation_time, time.RFC3339(access_request.spec.user))");

        Assert.That((bool)expression.Evaluate(Request), Is.True);
    }
}
