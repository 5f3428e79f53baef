namespace TeleportPlugins.Host.Routing;

/// <summary>A parsed subexpression: its static type, where it starts, and how to compute it for a request.</summary>
/// <param name="Type">The value's type; <see cref="Evaluate"/> returns a value of it (bool, string, long, set, dict, time).</param>
/// <param name="Position">Where the subexpression starts in the condition (0-based).</param>
/// <param name="Evaluate">Computes the value; throws <see cref="ConditionEvaluationException"/> when it cannot.</param>
internal sealed record TypedExpression(ConditionType Type, int Position, Func<ConditionEnvironment, object> Evaluate);
