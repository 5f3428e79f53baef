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
    // The builtin Admin role's exception: any author, without submitted_on_behalf_of_author (tctl requests review --author).
    ReviewOnBehalf = 256,
    // review_requests.submit_for_users: reviews for another author, flagged submitted_on_behalf_of_author.
    SubmitForUsers = 512,
    ListUsers = 1024,
    ReadUsers = 2048,
    ReadMonitoringRules = 4096,
    ReadAccessLists = 8192,
    // list (and read) on node, kube_cluster... in the caller's own roles.
    ListResources = 16384,
    // review_requests.preview_as_roles naming a role with list on them (the preset list-access-request-resources):
    // counts only for a ListResources that asks for it (UsePreviewAsRoles).
    PreviewResources = 32768,
    All = ListRequests | ReadRequests | CreateRequests | UpdateRequests | DeleteRequests | Review | ReadPluginData
        | UpdatePluginData | ReviewOnBehalf | SubmitForUsers | ListUsers | ReadUsers | ReadMonitoringRules | ReadAccessLists
        | ListResources | PreviewResources,
}
