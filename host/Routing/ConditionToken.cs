namespace TeleportPlugins.Host.Routing;

/// <summary>A token and where it starts (0-based character offset into the condition).</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">The identifier, the decoded string, the digits or the symbol.</param>
/// <param name="Position">Where it starts.</param>
internal readonly record struct ConditionToken(ConditionTokenKind Kind, string Text, int Position);
