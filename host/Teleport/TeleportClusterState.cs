using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Teleport;

/// <summary>What the start-up Ping learnt about the cluster, for everything started after it.</summary>
internal sealed class TeleportClusterState
{
    /// <summary>The Ping answer, once the host has connected.</summary>
    public TeleportClusterInfo? Info { get; set; }

    /// <summary>The cluster as adapters see it.</summary>
    public ClusterInfo ForAdapters => Info is { } info ? new ClusterInfo(info.ClusterName, info.ProxyPublicAddress) : ClusterInfo.Unknown;
}
