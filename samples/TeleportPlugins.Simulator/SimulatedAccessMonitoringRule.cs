namespace TeleportPlugins.Simulator;

/// <summary>
/// An Access Monitoring Rule as the simulator's control surface creates it: Teleport's <c>access_monitoring_rule</c>
/// resource with the fields notification routing reads.
/// </summary>
/// <param name="Name">The rule's resource name.</param>
/// <param name="Subjects">Resource kinds it applies to; routing reads rules with <c>access_request</c>.</param>
/// <param name="Condition">The predicate expression, e.g. <c>access_request.spec.roles.contains("db-admin")</c>.</param>
/// <param name="NotificationName">The plugin the recipients are for (the adapter's name); may be empty.</param>
/// <param name="Recipients">Who that plugin notifies when the condition matches.</param>
public sealed record SimulatedAccessMonitoringRule(
    string Name,
    IReadOnlyList<string> Subjects,
    string Condition,
    string NotificationName,
    IReadOnlyList<string> Recipients);
