namespace TeleportPlugins.Host.Routing;

/// <summary>
/// A rule ready to route: its condition parsed once when the rule arrives. A rule whose condition does not parse keeps
/// <see cref="Problem"/> and never matches; the other rules go on routing.
/// </summary>
internal sealed class RoutingRule
{
    /// <summary>The subject routing reads: rules for access requests.</summary>
    public const string AccessRequestSubject = "access_request";

    private const string PluginNameVariable = "plugin.spec.name";

    /// <summary>The variable whose value needs a look-up of the requester.</summary>
    public const string UserTraitsVariable = "user.traits";

    /// <summary>The variables whose values need the requested resources looked up.</summary>
    public static readonly IReadOnlyList<string> ResourceLabelsVariables =
        ["access_request.spec.resource_labels_union", "access_request.spec.resource_labels_intersection"];

    private RoutingRule(MonitoringRule rule, TypedExpression? condition, string? problem, IReadOnlySet<string> variables)
    {
        Rule = rule;
        Condition = condition;
        Problem = problem;
        ReadsUserTraits = variables.Contains(UserTraitsVariable);
        ReadsResourceLabels = ResourceLabelsVariables.Any(variables.Contains);
    }

    public MonitoringRule Rule { get; }

    public TypedExpression? Condition { get; }

    /// <summary>Why the rule is disabled ("line 1, column 12: ..."), or null.</summary>
    public string? Problem { get; }

    /// <summary>Whether the condition reads <c>user.traits</c>, so the requester's traits must be looked up to evaluate it.</summary>
    public bool ReadsUserTraits { get; }

    /// <summary>Whether the condition reads the requested resources' labels, so the resources must be looked up to evaluate it.</summary>
    public bool ReadsResourceLabels { get; }

    /// <summary>Parses the rule's condition.</summary>
    public static RoutingRule From(MonitoringRule rule)
    {
        try
        {
            var condition = ConditionParser.Parse(rule.Condition, out var variables);
            return new RoutingRule(rule, condition, null, variables);
        }
        catch (ConditionSyntaxException e)
        {
            var (line, column) = LineAndColumn(rule.Condition, e.Position);
            return new RoutingRule(rule, null, $"line {line}, column {column}: {e.Message}", new HashSet<string>());
        }
    }

    /// <summary>
    /// Whether the rule routes for <paramref name="adapter"/>: its subjects include access_request and its notification
    /// names the adapter, or names no plugin while the condition tests <c>plugin.spec.name</c> (the form older Teleport
    /// rewrote the notification name into).
    /// </summary>
    public bool AppliesTo(string adapter) =>
        Rule.Subjects.Contains(AccessRequestSubject, StringComparer.Ordinal)
        && Rule.Recipients.Count > 0
        && (string.Equals(Rule.NotificationName, adapter, StringComparison.OrdinalIgnoreCase)
            || (Rule.NotificationName.Length == 0 && Rule.Condition.Contains(PluginNameVariable, StringComparison.Ordinal)));

    /// <summary>Evaluates the condition; an evaluation error is returned, never thrown.</summary>
    public bool Matches(ConditionEnvironment environment, out string? error)
    {
        error = null;
        if (Condition is null)
        {
            return false;
        }

        try
        {
            return (bool)Condition.Evaluate(environment);
        }
        catch (ConditionEvaluationException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static (int Line, int Column) LineAndColumn(string text, int position)
    {
        position = Math.Clamp(position, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, position - lineStart + 1);
    }
}
