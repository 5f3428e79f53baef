using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.AccessMonitoringRules;
using TeleportPlugins.Host.Teleport.Protos.Types;
using RuleMetadata = TeleportPlugins.Host.Teleport.Protos.Header.Metadata;

namespace TeleportPlugins.Simulator.State;

/// <summary>
/// The Auth Service's <c>access_monitoring_rule</c> resources: upserts and deletes are published to the watchers of
/// that kind through <see cref="AccessRequestStore"/> (one fanout, so they see rules and requests in commit order), and
/// the filtered, paged listing <c>ListAccessMonitoringRulesWithFilter</c> answers from here.
/// </summary>
internal sealed class AccessMonitoringRuleStore(AccessRequestStore fanout)
{
    public const string Kind = "access_monitoring_rule";
    private const int DefaultPageSize = 1000;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, AccessMonitoringRule> _rules = new(StringComparer.Ordinal);
    private long _revision;

    /// <summary>Creates or replaces a rule (PUT to watchers).</summary>
    public AccessMonitoringRule Upsert(SimulatedAccessMonitoringRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            throw TeleportErrors.BadParameter("access monitoring rule name is missing");
        }

        if (rule.Subjects.Count == 0)
        {
            throw TeleportErrors.BadParameter("access monitoring rule subject is missing");
        }

        if (rule.Condition.Length == 0)
        {
            throw TeleportErrors.BadParameter("access monitoring rule condition is missing");
        }

        lock (_gate)
        {
            var stored = new AccessMonitoringRule
            {
                Kind = Kind,
                Version = "v1",
                Metadata = new RuleMetadata { Name = rule.Name, Revision = (++_revision).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                Spec = new AccessMonitoringRuleSpec
                {
                    Subjects = { rule.Subjects },
                    Condition = rule.Condition,
                    Notification = new Notification { Name = rule.NotificationName, Recipients = { rule.Recipients } },
                },
            };
            _rules[rule.Name] = stored;
            fanout.PublishEvent(new Event { Type = Operation.Put, AccessMonitoringRule = stored.Clone() });
            return stored.Clone();
        }
    }

    /// <summary>Deletes a rule (DELETE with a resource header to watchers).</summary>
    public void Delete(string name)
    {
        lock (_gate)
        {
            if (!_rules.Remove(name))
            {
                throw TeleportErrors.NotFound($"access_monitoring_rule \"{name}\" doesn't exist");
            }

            fanout.PublishEvent(new Event
            {
                Type = Operation.Delete,
                ResourceHeader = new ResourceHeader { Kind = Kind, Version = "v1", Metadata = new Metadata { Name = name } },
            });
        }
    }

    /// <summary>A page of the rules having every requested subject and, when given, the notification name.</summary>
    public ListAccessMonitoringRulesResponse List(ListAccessMonitoringRulesWithFilterRequest request)
    {
        var size = request.PageSize is > 0 and <= DefaultPageSize ? (int)request.PageSize : DefaultPageSize;
        lock (_gate)
        {
            var (matching, next) = KeyedPage.Take(
                _rules.Values
                    .Where(r => string.CompareOrdinal(r.Metadata.Name, request.PageToken) >= 0)
                    .Where(r => request.Subjects.All(s => r.Spec.Subjects.Contains(s)))
                    .Where(r => request.NotificationName.Length == 0 || r.Spec.Notification?.Name == request.NotificationName),
                size,
                r => r.Metadata.Name);
            return new ListAccessMonitoringRulesResponse { Rules = { matching.Select(r => r.Clone()) }, NextPageToken = next };
        }
    }

    public IReadOnlyList<SimulatedAccessMonitoringRule> All()
    {
        lock (_gate)
        {
            return [.. _rules.Values.Select(r => new SimulatedAccessMonitoringRule(
                r.Metadata.Name, [.. r.Spec.Subjects], r.Spec.Condition, r.Spec.Notification?.Name ?? "", [.. r.Spec.Notification?.Recipients ?? []]))];
        }
    }
}
