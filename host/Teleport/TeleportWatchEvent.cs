using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Routing;

namespace TeleportPlugins.Host.Teleport;

/// <summary>One watch event, in contract types.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Request">The request, for <see cref="TeleportWatchEventKind.Put"/>.</param>
/// <param name="RequestId">The request ID, for <see cref="TeleportWatchEventKind.Put"/> and <see cref="TeleportWatchEventKind.Delete"/>.</param>
internal sealed record TeleportWatchEvent(TeleportWatchEventKind Kind, AccessRequestSnapshot? Request, string? RequestId)
{
    /// <summary>The INIT event of a watch on access requests only.</summary>
    public static TeleportWatchEvent Init { get; } = new(TeleportWatchEventKind.Init, null, null);

    /// <summary>For INIT: whether the server confirmed the access_monitoring_rule kind (the host may read rules).</summary>
    public bool RulesWatched { get; init; }

    /// <summary>For a PUT of an Access Monitoring Rule: the rule (then <see cref="Request"/> is null).</summary>
    public MonitoringRule? Rule { get; init; }

    /// <summary>For a DELETE of an Access Monitoring Rule: its name (then <see cref="RequestId"/> is null).</summary>
    public string? RuleName { get; init; }

    /// <summary>The INIT event, saying whether rules are watched too.</summary>
    /// <param name="rulesWatched">Whether access_monitoring_rule was confirmed.</param>
    /// <returns>The event.</returns>
    public static TeleportWatchEvent InitWith(bool rulesWatched) => new(TeleportWatchEventKind.Init, null, null) { RulesWatched = rulesWatched };

    /// <summary>A PUT of an Access Monitoring Rule.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The event.</returns>
    public static TeleportWatchEvent RulePut(MonitoringRule rule) => new(TeleportWatchEventKind.Put, null, null) { Rule = rule };

    /// <summary>A DELETE of an Access Monitoring Rule.</summary>
    /// <param name="name">The rule's name.</param>
    /// <returns>The event.</returns>
    public static TeleportWatchEvent RuleDelete(string name) => new(TeleportWatchEventKind.Delete, null, null) { RuleName = name };

    /// <summary>A PUT event.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The event.</returns>
    public static TeleportWatchEvent Put(AccessRequestSnapshot request) => new(TeleportWatchEventKind.Put, request, request.Id);

    /// <summary>A DELETE event.</summary>
    /// <param name="requestId">The deleted request.</param>
    /// <returns>The event.</returns>
    public static TeleportWatchEvent Delete(string requestId) => new(TeleportWatchEventKind.Delete, null, requestId);
}
