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
        ResourceLabels =
        [
            new Dictionary<string, string> { ["env"] = "test", ["team"] = "dba" },
            new Dictionary<string, string> { ["env"] = "dev", ["team"] = "dba", ["region"] = "eu" },
        ],
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
    [TestCase("access_request.spec.resource_labels_union[\"env\"].contains_all(set(\"test\", \"dev\"))", true)]
    [TestCase("access_request.spec.resource_labels_union.region.contains(\"eu\")", true)]
    [TestCase("access_request.spec.resource_labels_intersection[\"team\"].contains(\"dba\")", true)]
    [TestCase("access_request.spec.resource_labels_intersection.env.isempty()", true)]
    [TestCase("is_empty(access_request.spec.resource_labels_intersection.region)", true)]
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
    [TestCase("ifelse(access_request.spec.user == \"carol\", set(\"a\"), set(\"b\")).contains(\"a\")", true)]
    [TestCase("ifelse(false, \"x\", \"y\") == \"x\"", false)]
    [TestCase("\"y\" == ifelse(false, \"x\", \"y\")", true)]
    [TestCase("ifelse(true, true, false)", true)]
    [TestCase("ifelse(true, \"not a bool\", false)", false)]
    [TestCase("!ifelse(false, true, false) && ifelse(true, true, 1)", true)]
    [TestCase("choose(option(access_request.spec.user == \"dave\", \"d\"), option(true, \"other\")) == \"other\"", true)]
    [TestCase("choose(option(true, access_request.spec.roles), option(true, set())).contains(\"editor\")", true)]
    [TestCase("ifelse(is_empty(access_request.spec.roles), user.traits.put(\"x\", set()).add_values(\"x\", \"y\").remove(\"groups\"), true)", true)]
    [TestCase("is_empty(ifelse(true, access_request.spec.roles.remove(\"db-admin\", \"editor\"), set(\"x\")))", true)]
    [TestCase("ifelse(true, true, dict(pair(\"a\", set(\"x\"))).put(\"b\", set()).remove(\"a\"))", true)]
    [TestCase("regexp.replace(access_request.spec.suggested_reviewers, \"^(.*)@example\\\\.com$\", \"$1\").contains(\"alice\")", true)]
    [TestCase("regexp.replace(access_request.spec.roles, \"^db-(.*)$\", \"$1\").contains(\"editor\")", false)]
    [TestCase("regexp.replace(access_request.spec.roles, \"^db-(.*)$\", \"$1\").contains(\"admin\")", true)]
    [TestCase("regexp.replace(access_request.spec.roles, \"-\", \"\").contains(\"dbadmin\")", true)]
    [TestCase("newer_than(\"1.10.0\", \"1.9.0\")", true)]
    [TestCase("newer_than(\"1.0.0\", \"1.0.0-rc.1\")", true)]
    [TestCase("older_than(\"1.0.0-alpha.1\", \"1.0.0-alpha.beta\")", true)]
    [TestCase("older_than(\"1.0.0+build.2\", \"1.0.0+build.1\")", false)]
    [TestCase("between(\"1.5.0\", \"1.0.0\", \"2.0.0\")", true)]
    [TestCase("between(\"1.0.0\", \"1.0.0\", \"2.0.0\")", true)]
    [TestCase("between(\"2.0.0\", \"1.0.0\", \"2.0.0\")", false)]
    [TestCase("between(access_request.spec.creation_time, time.RFC3339(\"2026-12-08T00:00:00Z\"), time.RFC3339(\"2026-12-07T00:00:00Z\"))", true)]
    [TestCase("strings.upper(ifelse(true, \"a\", set(\"b\"))) == \"A\"", true)]
    [TestCase("strings.upper(ifelse(false, \"a\", set(\"b\"))).contains(\"B\")", true)]
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
    [TestCase("contains_any(user.traits[\"groups\"], set(\"sre\", \"dba\"))")]
    [TestCase("ifelse(access_request.spec.user == \"x\", \"a\", set()).contains(\"a\")")]
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
    [TestCase("ifelse(\"x\", true, false)", 0, "ifelse cannot take (string, bool, bool)")]
    [TestCase("true && ifelse(true)", 8, "ifelse cannot take (bool)")]
    [TestCase("is_empty(dict(set(\"a\")))", 9, "dict cannot take (set)")]
    [TestCase("is_empty(dict(pair(\"a\")))", 14, "pair cannot take (string)")]
    [TestCase("choose(\"a\") == \"a\"", 0, "choose cannot take (string)")]
    [TestCase("choose(option(\"a\", \"b\")) == \"a\"", 7, "option cannot take (string, string)")]
    [TestCase("is_empty(access_request.spec.system_annotations.put(\"a\", \"b\"))", 9, "put cannot take (dict, string, string)")]
    [TestCase("is_empty(user.traits.add_values(1, \"a\"))", 9, "add_values cannot take (dict, int, string)")]
    [TestCase("access_request.spec.user.remove(\"a\") == \"x\"", 0, "remove cannot take (string, string)")]
    [TestCase("regexp.replace(access_request.spec.roles, \"(\", \"x\").contains(\"x\")", 42, "invalid regular expression")]
    [TestCase("regexp.replace(access_request.spec.roles, \"x\").contains(\"x\")", 0, "regexp.replace cannot take (set, string)")]
    [TestCase("newer_than(\"1.2.3\")", 0, "newer_than cannot take (string)")]
    [TestCase("older_than(\"1.2.3\", \"1.2.4\", \"1.2.5\")", 0, "older_than cannot take (string, string, string)")]
    [TestCase("ifelse(true, \"a\", \"b\") == ifelse(true, \"a\", \"b\")", 0, "at least one operand type is known")]
    [TestCase("ifelse(true, set(\"a\"), set()) == set()", 33, "not supported for type: set")]
    [TestCase("dict(pair(\"a\", set(\"x\")))[\"a\"].contains(\"x\")", 0, "cannot index a computed dict")]
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

    // Values of type any are checked where they are used, when evaluated, as Teleport's typical does.
    [TestCase("ifelse(true, \"a\", set()).contains(\"a\")", "expected type set, got value of type string")]
    [TestCase("ifelse(true, \"a\", true) && true", "expected type bool, got value of type string")]
    [TestCase("ifelse(true, set(), \"a\") == \"a\"", "expected type string, got value of type set")]
    [TestCase("choose(option(false, true)) == \"a\"", "no option could be selected")]
    [TestCase("is_empty(dict(pair(ifelse(true, set(), \"k\"), set())).remove(\"k\"))", "dict keys must have type string, got set")]
    [TestCase("is_empty(dict(pair(\"k\", \"v\")).remove(\"k\"))", "dict values must have type set, got string")]
    [TestCase("newer_than(access_request.spec.user, \"1.0.0\")", "is not in dotted-tri format")]
    [TestCase("older_than(access_request.spec.creation_time, \"1.0.0\")", "cannot be parsed as a semantic version")]
    [TestCase("between(access_request.spec.creation_time, \"1.0.0\", \"2.0.0\")", "invalid time values")]
    [TestCase("strings.upper(ifelse(true, true, \"a\")) == \"A\"", "strings.upper cannot take (bool)")]
    public void Evaluate_ValueOfTheWrongTypeAtRuntime_EvaluationError(string condition, string message)
    {
        var expression = ConditionParser.Parse(condition);

        var error = Assert.Throws<ConditionEvaluationException>(() => expression.Evaluate(Request));

        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void Evaluate_DictEdits_ReturnEditedCopiesAndLeaveTheVariableAsItWas()
    {
        var traits = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal) { ["groups"] = new HashSet<string> { "sre" } };
        static IReadOnlyDictionary<string, IReadOnlySet<string>> Call(string method, params object[] args) =>
            (IReadOnlyDictionary<string, IReadOnlySet<string>>)ConditionLibrary.Methods[method].First(m => m.Accepts([.. args.Select(ConditionValue.TypeOf)])).Invoke(args);

        var put = Call("put", traits, "team", new HashSet<string> { "db" });
        var added = Call("add_values", traits, "groups", "oncall", "sre");
        var removed = Call("remove", traits, "groups", "missing");

        Assert.Multiple(() =>
        {
            Assert.That(put.Keys, Is.EquivalentTo(new[] { "groups", "team" }));
            Assert.That(added["groups"], Is.EquivalentTo(new[] { "sre", "oncall" }));
            Assert.That(removed, Is.Empty);
            Assert.That(traits.Keys, Is.EquivalentTo(new[] { "groups" }));
            Assert.That(traits["groups"], Is.EquivalentTo(new[] { "sre" }));
        });
    }

    [Test]
    public void Evaluate_OrShortCircuits_RightSideNotEvaluated()
    {
        // The right side would fail ("carol" is no time): Teleport stops at a true left side, and so does this.
        var expression = ConditionParser.Parse("true || after(access_request.spec.creation_time, time.RFC3339(access_request.spec.user))");

        Assert.That((bool)expression.Evaluate(Request), Is.True);
    }
}
