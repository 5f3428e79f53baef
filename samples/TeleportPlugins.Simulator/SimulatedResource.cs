namespace TeleportPlugins.Simulator;

/// <summary>
/// A resource an access request can name, with its labels: an SSH node (<c>node</c>), a Windows desktop
/// (<c>windows_desktop</c>), or a Kubernetes cluster, application or database (<c>kube_cluster</c>, <c>app</c>, <c>db</c>,
/// served by ListResources as the kube_server, app_server or db_server heartbeat carrying it). What routing by
/// <c>access_request.spec.resource_labels_union</c> and <c>_intersection</c> reads.
/// </summary>
/// <param name="Kind">node, kube_cluster, app, db or windows_desktop.</param>
/// <param name="Name">The resource's name, as a request's resource ID names it.</param>
/// <param name="Labels">Its labels: key → value.</param>
/// <param name="CommandLabels">Its command (dynamic) labels' last results: key → value; not for a windows_desktop.</param>
public sealed record SimulatedResource(string Kind, string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string>? CommandLabels = null)
{
    /// <summary>An SSH node.</summary>
    public const string NodeKind = "node";

    /// <summary>A Kubernetes cluster.</summary>
    public const string KubeClusterKind = "kube_cluster";

    /// <summary>An application.</summary>
    public const string AppKind = "app";

    /// <summary>A database.</summary>
    public const string DatabaseKind = "db";

    /// <summary>A Windows desktop.</summary>
    public const string WindowsDesktopKind = "windows_desktop";
}
