using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Routing;

/// <summary>
/// The Access Monitoring Rules for access requests, kept current by the watch (listed after every INIT, then each
/// PUT and DELETE), and the recipients they route a request to for an adapter: the union of the recipients of every
/// rule for that adapter whose condition matches, replacing role_to_recipients; null when none matches. Without
/// permission to read the rules routing is off and said so once. Nothing is computed for an adapter no rule names, the
/// requester is looked up only when a rule for the adapter reads <c>user.traits</c>, and the requested resources only
/// when one reads their labels.
/// </summary>
/// <param name="logger">Where rule changes and failures are told.</param>
/// <param name="traits">Reads the requester's traits; without it <c>user.traits</c> is empty.</param>
/// <param name="resourceLabels">Reads the requested resources' labels; without it they have none.</param>
internal sealed partial class RoutingRules(ILogger<RoutingRules> logger, RequesterTraits? traits = null, RequestedResourceLabels? resourceLabels = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RoutingRule> _rules = new(StringComparer.Ordinal);
    private RoutingRule[] _ordered = [];
    private bool? _active;

    /// <summary>Whether rules are being read (false before the first INIT and when the host may not read them).</summary>
    public bool IsActive
    {
        get
        {
            lock (_gate)
            {
                return _active == true;
            }
        }
    }

    /// <summary>The rules for access requests now known, broken ones included.</summary>
    public IReadOnlyList<MonitoringRule> Rules
    {
        get
        {
            lock (_gate)
            {
                return [.. _ordered.Select(r => r.Rule)];
            }
        }
    }

    /// <summary>Replaces the rules with a fresh listing (after an INIT: catches up on changes missed while disconnected).</summary>
    public void Load(IReadOnlyList<MonitoringRule> rules)
    {
        lock (_gate)
        {
            var previous = new Dictionary<string, RoutingRule>(_rules, StringComparer.Ordinal);
            _rules.Clear();
            foreach (var rule in rules.Where(r => r.Subjects.Contains(RoutingRule.AccessRequestSubject, StringComparer.Ordinal)))
            {
                _rules[rule.Name] = Parse(rule, previous.GetValueOrDefault(rule.Name));
            }

            Reorder();
            if (_active != true)
            {
                LogRoutingOn(logger, _rules.Count);
            }

            _active = true;
        }
    }

    /// <summary>A rule created or changed.</summary>
    public void Put(MonitoringRule rule)
    {
        lock (_gate)
        {
            var previous = _rules.GetValueOrDefault(rule.Name);
            if (!rule.Subjects.Contains(RoutingRule.AccessRequestSubject, StringComparer.Ordinal))
            {
                // A rule that no longer covers access requests stops routing them.
                _rules.Remove(rule.Name);
            }
            else
            {
                _rules[rule.Name] = Parse(rule, previous);
            }

            Reorder();
            LogRulePut(logger, rule.Name);
        }
    }

    /// <summary>A rule deleted.</summary>
    public void Delete(string name)
    {
        lock (_gate)
        {
            if (_rules.Remove(name))
            {
                Reorder();
                LogRuleDeleted(logger, name);
            }
        }
    }

    /// <summary>Routing cannot read rules (no permission, or an Auth Service without them): forget them and say so once.</summary>
    public void TurnOff(string reason)
    {
        lock (_gate)
        {
            _rules.Clear();
            Reorder();
            if (_active != false)
            {
                LogRoutingOff(logger, reason);
            }

            _active = false;
        }
    }

    /// <summary>The recipients the rules route <paramref name="request"/> to for <paramref name="adapter"/>, or null when no rule matches.</summary>
    /// <exception cref="Grpc.Core.RpcException">The requester's traits or the resources' labels were needed and Teleport did not answer: the step is retried.</exception>
    public ValueTask<IReadOnlyList<string>?> RecipientsForAsync(string adapter, AccessRequestSnapshot request, CancellationToken cancellationToken)
    {
        RoutingRule[] rules;
        lock (_gate)
        {
            rules = _ordered;
        }

        // The hot path: most adapters have no rule, and most rules read neither traits nor resource labels.
        List<RoutingRule>? applicable = null;
        var readsTraits = false;
        var readsLabels = false;
        foreach (var rule in rules)
        {
            if (rule.AppliesTo(adapter))
            {
                (applicable ??= []).Add(rule);
                readsTraits |= rule.ReadsUserTraits;
                readsLabels |= rule.ReadsResourceLabels;
            }
        }

        if (applicable is null)
        {
            return ValueTask.FromResult<IReadOnlyList<string>?>(null);
        }

        readsTraits &= traits is not null;
        readsLabels &= resourceLabels is not null;
        return readsTraits || readsLabels
            ? WithLookupsAsync(adapter, request, applicable, readsTraits, readsLabels, cancellationToken)
            : ValueTask.FromResult<IReadOnlyList<string>?>(Route(adapter, request, applicable, ConditionEnvironment.Of(request, adapter)));
    }

    private async ValueTask<IReadOnlyList<string>?> WithLookupsAsync(
        string adapter, AccessRequestSnapshot request, List<RoutingRule> applicable, bool readsTraits, bool readsLabels, CancellationToken cancellationToken)
    {
        var environment = ConditionEnvironment.Of(request, adapter);
        if (readsTraits)
        {
            var found = await traits!.GetAsync(request.User, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                // Teleport's plugins route by no rule when the expression environment cannot be built.
                return null;
            }

            environment = environment with { UserTraits = found };
        }

        if (readsLabels)
        {
            var labels = await resourceLabels!.GetAsync(request, cancellationToken).ConfigureAwait(false);
            if (labels is null)
            {
                return null;
            }

            environment = environment with { ResourceLabels = labels };
        }

        return Route(adapter, request, applicable, environment);
    }

    private List<string>? Route(string adapter, AccessRequestSnapshot request, List<RoutingRule> applicable, ConditionEnvironment environment)
    {
        List<string>? recipients = null;
        foreach (var rule in applicable)
        {
            if (!rule.Matches(environment, out var error))
            {
                if (error is not null)
                {
                    LogEvaluationFailed(logger, rule.Rule.Name, request.Id, error);
                }

                continue;
            }

            recipients ??= [];
            foreach (var recipient in rule.Rule.Recipients)
            {
                if (recipient.Length > 0 && !recipients.Contains(recipient, StringComparer.Ordinal))
                {
                    recipients.Add(recipient);
                }
            }
        }

        if (recipients is { Count: > 0 })
        {
            LogRouted(logger, request.Id, adapter, recipients.Count);
            return recipients;
        }

        return null;
    }

    private RoutingRule Parse(MonitoringRule rule, RoutingRule? previous)
    {
        if (previous is not null && previous.Rule.Condition == rule.Condition)
        {
            // Same condition: same outcome, and a broken one was already reported.
            return previous.Rule == rule ? previous : RoutingRule.From(rule);
        }

        var parsed = RoutingRule.From(rule);
        if (parsed.Problem is { } problem)
        {
            LogRuleDisabled(logger, rule.Name, problem);
        }

        return parsed;
    }

    private void Reorder() => _ordered = [.. _rules.Values.OrderBy(r => r.Rule.Name, StringComparer.Ordinal)];

    [LoggerMessage(EventId = 2501, Level = LogLevel.Information, Message = "Routing by Access Monitoring Rules is on: {Count} rules for access requests")]
    private static partial void LogRoutingOn(ILogger logger, int count);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "Routing by Access Monitoring Rules is off: {Reason}; adapters send to their role_to_recipients")]
    private static partial void LogRoutingOff(ILogger logger, string reason);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Error, Message = "Access Monitoring Rule {Rule} is disabled: its condition does not parse at {Problem}")]
    private static partial void LogRuleDisabled(ILogger logger, string rule, string problem);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Debug, Message = "Access Monitoring Rule {Rule} created or changed")]
    private static partial void LogRulePut(ILogger logger, string rule);

    [LoggerMessage(EventId = 2505, Level = LogLevel.Debug, Message = "Access Monitoring Rule {Rule} deleted")]
    private static partial void LogRuleDeleted(ILogger logger, string rule);

    [LoggerMessage(EventId = 2506, Level = LogLevel.Warning, Message = "Access Monitoring Rule {Rule} could not be evaluated for request {RequestId}: {Reason}; it does not apply")]
    private static partial void LogEvaluationFailed(ILogger logger, string rule, string requestId, string reason);

    [LoggerMessage(EventId = 2507, Level = LogLevel.Debug, Message = "Request {RequestId}: Access Monitoring Rules route it for {Adapter} to {Count} recipients")]
    private static partial void LogRouted(ILogger logger, string requestId, string adapter, int count);
}
