namespace TeleportPlugins.Host.Teleport;

/// <summary>What Ping tells about the cluster.</summary>
/// <param name="ClusterName">The cluster name.</param>
/// <param name="ServerVersion">The Auth Service's version, e.g. <c>17.4.0</c>.</param>
/// <param name="ProxyPublicAddress">The proxy's public address for Web UI links, or null.</param>
internal sealed record TeleportClusterInfo(string ClusterName, string ServerVersion, string? ProxyPublicAddress);
