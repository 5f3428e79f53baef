namespace TeleportPlugins.Host.Routing;

/// <summary>An Access Monitoring Rule as read from Teleport, in the host's own types (no protobuf type leaves the client).</summary>
/// <param name="Name">The rule's resource name.</param>
/// <param name="Subjects">The resource kinds it applies to.</param>
/// <param name="Condition">The predicate expression.</param>
/// <param name="NotificationName">The plugin (adapter) its recipients are for; empty when the condition names it.</param>
/// <param name="Recipients">Who to notify when it matches.</param>
internal sealed record MonitoringRule(
    string Name,
    IReadOnlyList<string> Subjects,
    string Condition,
    string NotificationName,
    IReadOnlyList<string> Recipients);
