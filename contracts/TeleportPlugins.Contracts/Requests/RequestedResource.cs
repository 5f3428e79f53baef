namespace TeleportPlugins.Contracts;

/// <summary>A resource named in a resource-based Access Request.</summary>
/// <param name="ClusterName">The cluster the resource belongs to.</param>
/// <param name="Kind">The resource kind, e.g. <c>node</c>, <c>db</c>, <c>kube_cluster</c>.</param>
/// <param name="Name">The resource name.</param>
/// <param name="SubResourceName">A sub-resource such as a Kubernetes namespace, or empty.</param>
public sealed record RequestedResource(string ClusterName, string Kind, string Name, string SubResourceName = "")
{
    /// <summary>Teleport's textual form: <c>/cluster/kind/name</c>, followed by <c>/sub-resource</c> when there is one.</summary>
    /// <returns>The resource ID as Teleport prints it.</returns>
    public override string ToString() => SubResourceName.Length == 0
        ? $"/{ClusterName}/{Kind}/{Name}"
        : $"/{ClusterName}/{Kind}/{Name}/{SubResourceName}";
}
