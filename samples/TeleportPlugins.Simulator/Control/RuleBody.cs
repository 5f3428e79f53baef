namespace TeleportPlugins.Simulator.Control;

/// <summary>PUT /access-monitoring-rules/{name}: the rule's subjects, condition and notification.</summary>
internal sealed record RuleBody(IReadOnlyList<string>? Subjects, string? Condition, string? NotificationName, IReadOnlyList<string>? Recipients);
