namespace TeleportPlugins.Simulator;

/// <summary>
/// The fixed role table of the simulator. Teleport evaluates role resources; the simulator only needs the verbs an
/// Access Request plugin touches, so each role name grants a fixed set of them.
/// </summary>
public static class SimulatorRoles
{
    /// <summary>
    /// list+read on access_request and access_monitoring_rule, read+update on access_plugin_data, and
    /// review_requests.preview_as_roles: [list-access-request-resources] (list+read on node, app, db, kube_cluster, every
    /// label), which ListResources uses when asked with UsePreviewAsRoles: the plugin role (Teleport's preset
    /// access-plugin role).
    /// </summary>
    public const string AccessPlugin = "access-plugin";

    /// <summary>The plugin role without preview_as_roles: it may not list the requested resources (their labels).</summary>
    public const string AccessPluginWithoutPreview = "access-plugin-without-preview";

    /// <summary>The plugin role without access_monitoring_rule: a host with it routes by role_to_recipients only.</summary>
    public const string AccessPluginWithoutRules = "access-plugin-without-rules";

    /// <summary>update on access_request (SetAccessRequestState).</summary>
    public const string AccessPluginResolver = "access-plugin-resolver";

    /// <summary>review_requests: may submit reviews (auto-approval).</summary>
    public const string AccessPluginReviewer = "access-plugin-reviewer";

    /// <summary>review_requests plus list+read on access_request: a human reviewer.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>
    /// Approve-from-tool, like Teleport's preset of the same name: <c>review_requests.submit_for_users: ["*"]</c> (reviews
    /// flagged submitted_on_behalf_of_author for any author) plus list and read on <c>user</c> (to bind tool users by trait).
    /// </summary>
    public const string AccessPluginWithReview = "access-plugin-with-review";

    /// <summary>list+read on access_list: access list review reminders (the anchor's test role <c>reminder-plugin</c>).</summary>
    public const string AccessListReader = "access-list-reader";

    /// <summary>list+read on user only.</summary>
    public const string UserReader = "user-reader";

    /// <summary>Everything, including reviews on behalf of other users and deleting requests.</summary>
    public const string Admin = "admin";
}
