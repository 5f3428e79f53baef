namespace TeleportPlugins.Contracts;

/// <summary>Facts about the Teleport cluster, read by the host at start-up.</summary>
/// <param name="Name">The cluster name.</param>
/// <param name="WebProxyAddress">The proxy's public address (<c>host:port</c>) used for Web UI links, or null when unknown.</param>
public sealed record ClusterInfo(string Name, string? WebProxyAddress)
{
    /// <summary>Placeholder for before the host has connected.</summary>
    public static ClusterInfo Unknown { get; } = new(string.Empty, null);
}
