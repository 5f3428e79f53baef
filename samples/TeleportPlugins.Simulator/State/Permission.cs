namespace TeleportPlugins.Simulator.State;

/// <summary>The verbs the simulator checks (Teleport rules on access_request and access_plugin_data, and review_requests).</summary>
[Flags]
internal enum Permission
{
    None = 0,
    ListRequests = 1,
    ReadRequests = 2,
    CreateRequests = 4,
    UpdateRequests = 8,
    DeleteRequests = 16,
    Review = 32,
    ReadPluginData = 64,
    UpdatePluginData = 128,
    ReviewOnBehalf = 256,
    ReadMonitoringRules = 512,
    All = ListRequests | ReadRequests | CreateRequests | UpdateRequests | DeleteRequests | Review | ReadPluginData
        | UpdatePluginData | ReviewOnBehalf | ReadMonitoringRules,
}
