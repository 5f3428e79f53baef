namespace TeleportPlugins.Simulator;

/// <summary>
/// A resource an access request can name, with its labels: an SSH node (<c>node</c>) or a Kubernetes cluster
/// (<c>kube_cluster</c>, served by ListResources as a kube_server heartbeat carrying it). What routing by
/// <c>access_request.spec.resource_labels_union</c> and <c>_intersection</c> reads.
/// </summary>
/// <param name="Kind">node or kube_cluster.</param>
/// <param name="Name">The resource's name, as a request's resource ID names it.</param>
/// <param name="Labels">Its labels: key → value.</param>
public sealed record SimulatedResource(string Kind, string Name, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>An SSH node.</summary>
    public const string NodeKind = "node";

    /// <summary>A Kubernetes cluster.</summary>
    public const string KubeClusterKind = "kube_cluster";
}
