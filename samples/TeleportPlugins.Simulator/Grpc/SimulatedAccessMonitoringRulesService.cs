using Grpc.Core;
using TeleportPlugins.Host.Teleport.Protos.AccessMonitoringRules;
using TeleportPlugins.Simulator.State;

namespace TeleportPlugins.Simulator.Grpc;

/// <summary>
/// <c>teleport.accessmonitoringrules.v1.AccessMonitoringRulesService</c>: the filtered listing, which needs
/// <c>list, read</c> on <c>access_monitoring_rule</c> (AccessDenied otherwise, as on a real server).
/// </summary>
internal sealed class SimulatedAccessMonitoringRulesService(AccessMonitoringRuleStore rules, CallerAuthenticator callers)
    : AccessMonitoringRulesService.AccessMonitoringRulesServiceBase
{
    public override Task<ListAccessMonitoringRulesResponse> ListAccessMonitoringRulesWithFilter(
        ListAccessMonitoringRulesWithFilterRequest request, ServerCallContext context)
    {
        callers.Authenticate(context).Demand(Permission.ReadMonitoringRules, "list, read", AccessMonitoringRuleStore.Kind);
        return Task.FromResult(rules.List(request));
    }
}
