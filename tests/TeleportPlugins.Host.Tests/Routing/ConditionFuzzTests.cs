using System.Text;
using TeleportPlugins.Host.Routing;

namespace TeleportPlugins.Host.Tests.Routing;

/// <summary>
/// Random and mutated conditions through the same path rules take (parse once, evaluate per request): each one either
/// parses or is reported with a position, and a parsed one evaluates or reports an evaluation error; nothing else
/// escapes. Bounded by an iteration count; the seed is in every failure message.
/// </summary>
[TestFixture]
public sealed class ConditionFuzzTests
{
    private const int Iterations = 20_000;

    private static readonly string[] Seeds =
    [
        "access_request.spec.roles.contains(\"db-admin\")",
        "!is_empty(access_request.spec.roles) && access_request.spec.user != \"bot\"",
        "contains_any(user.traits[\"groups\"], set(\"sre\", \"dba\")) || plugin.spec.name == \"slack\"",
        "regexp.match(access_request.spec.suggested_reviewers, \"^.*@example\\\\.com$\")",
        "access_request.spec.creation_time.clock_between(\"09:00\", \"17:00\") && day(access_request.spec.creation_time) != \"Sunday\"",
        "email.local(access_request.spec.suggested_reviewers).contains(strings.lower(access_request.spec.user))",
        "access_request.spec.system_annotations.team.contains_all(set(\"a\", `b`)) == false",
        "after(access_request.spec.expiry, time.RFC3339(\"2026-01-01T00:00:00Z\"))",
        "ifelse(access_request.spec.user == \"carol\", set(\"a\"), access_request.spec.roles).contains(\"a\")",
        "choose(option(is_empty(access_request.spec.roles), \"none\"), option(true, \"some\")) == \"some\"",
        "ifelse(true, true, user.traits.put(\"k\", set(\"v\")).add_values(\"k\", \"w\").remove(\"groups\"))",
        "is_empty(dict(pair(\"a\", set(\"x\"))).remove(\"a\")) || newer_than(\"1.2.3\", \"1.2.3-rc.1\")",
        "regexp.replace(access_request.spec.suggested_reviewers, \"^(.*)@example\\\\.com$\", \"$1\").contains(\"alice\")",
        "between(\"1.5.0\", \"1.0.0\", \"2.0.0\") && older_than(access_request.spec.user, \"2.0.0\")",
        "access_request.spec.resource_labels_union[\"env\"].contains(\"prod\") && !is_empty(access_request.spec.resource_labels_intersection.team)",
    ];

    private static readonly string[] Pieces =
    [
        "access_request.spec.roles", "access_request.spec.user", "access_request.spec.system_annotations", "user.traits",
        "access_request.spec.resource_labels_union", "access_request.spec.resource_labels_intersection",
        "access_request.spec.creation_time", "access_request.spec.expiry", "plugin.spec.name", "true", "false",
        "set(", "union(", "contains_any(", "contains_all(", "is_empty(", "regexp.match(", "strings.upper(", "time.RFC3339(",
        "email.local(", "day(", "clock_between(", ".contains(", ".add(", ".remove(", ".isempty()", ".before(", ".between(",
        "ifelse(", "choose(", "option(", "dict(", "pair(", "regexp.replace(", "newer_than(", "older_than(", "between(",
        ".put(", ".add_values(", "\"1.2.3\"", "\"1.0.0-rc.1+b\"", "\"$1\"",
        "(", ")", "[", "]", ",", ".", "!", "&&", "||", "==", "!=", "<", "+", "\"x\"", "\"db-*\"", "\"^(\"", "\"[\"",
        "`raw`", "\"\\u00e9\"", "\"\\x\"", "\"", "`", "'", "1", "1.5", "99999999999999999999", " ", "\n", "\\", "é", "\0",
    ];

    private static readonly ConditionEnvironment Environment = new()
    {
        Roles = ["db-admin", "editor"],
        SuggestedReviewers = ["alice@example.com", "not-an-email", string.Empty],
        Annotations = new Dictionary<string, IReadOnlyList<string>> { ["team"] = ["a", "b"] },
        User = "carol",
        CreationTime = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero),
        UserTraits = new Dictionary<string, IReadOnlyList<string>> { ["groups"] = ["sre"] },
        ResourceLabels = [new Dictionary<string, string> { ["env"] = "prod", ["team"] = "dba" }, new Dictionary<string, string> { ["env"] = "dev" }],
        PluginName = "slack",
    };

    [Test]
    public void FromAndMatches_RandomAndMutatedConditions_NothingEscapes()
    {
        const int seed = 20261207;
        var random = new Random(seed);
        var parsed = 0;
        var refused = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var condition = i % 2 == 0 ? Mutate(random, Seeds[random.Next(Seeds.Length)]) : Assemble(random);
            var rule = new MonitoringRule("fuzz", ["access_request"], condition, "slack", ["#ops"]);
            try
            {
                var routing = RoutingRule.From(rule);
                if (routing.Problem is null)
                {
                    parsed++;
                    routing.Matches(Environment, out _);
                }
                else
                {
                    refused++;
                    Assert.That(routing.Problem, Does.StartWith("line "), $"seed {seed}, iteration {i}: {condition}");
                }
            }
            catch (Exception e) when (e is not AssertionException)
            {
                Assert.Fail($"seed {seed}, iteration {i}: {e.GetType().Name} escaped for condition {condition}: {e.Message}");
            }
        }

        // Both outcomes were exercised, so the run tested the evaluator as well as the error path.
        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.GreaterThan(Iterations / 100));
            Assert.That(refused, Is.GreaterThan(Iterations / 100));
        });
    }

    private static string Mutate(Random random, string seed)
    {
        var text = new StringBuilder(seed);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && text.Length > 0; e++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(4))
            {
                case 0:
                    text.Remove(at, 1);
                    break;
                case 1:
                    text.Insert(at, Pieces[random.Next(Pieces.Length)]);
                    break;
                case 2:
                    text[at] = (char)random.Next(32, 127);
                    break;
                default:
                    text.Length = at;
                    break;
            }
        }

        return text.ToString();
    }

    private static string Assemble(Random random)
    {
        var text = new StringBuilder();
        var count = random.Next(1, 24);
        for (var p = 0; p < count; p++)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }
}
