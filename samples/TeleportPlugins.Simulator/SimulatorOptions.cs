using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Simulator;

/// <summary>How a simulator instance is started.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Where the CA and the identity files are written. Required.</summary>
    public string StateDirectory { get; set; } = "";

    /// <summary>gRPC (TLS, HTTP/2) port on 127.0.0.1; 0 picks a free one.</summary>
    public int GrpcPort { get; set; }

    /// <summary>Control API (plain HTTP/1.1 JSON) port on 127.0.0.1; 0 picks a free one.</summary>
    public int ControlPort { get; set; }

    /// <summary>Cluster name: the CA's subject CN and Ping's ClusterName.</summary>
    public string ClusterName { get; set; } = "sim.teleport.local";

    /// <summary>What Ping reports as the Auth Service version.</summary>
    public string ServerVersion { get; set; } = "17.4.0";

    /// <summary>What Ping reports as the proxy's public address (used by plugins for Web UI links).</summary>
    public string ProxyPublicAddress { get; set; } = "localhost:3080";

    /// <summary>Ping's ServerFeatures.AdvancedAccessWorkflows.</summary>
    public bool AdvancedAccessWorkflows { get; set; } = true;

    /// <summary>When true ListAccessRequests answers Unimplemented, like servers before v15, to exercise the client's fallback.</summary>
    public bool ListAccessRequestsUnimplemented { get; set; }

    /// <summary>Teleport user of the plugin identity written at start-up.</summary>
    public string PluginUser { get; set; } = "teleport-plugins";

    /// <summary>Roles of the plugin identity (see <see cref="SimulatorRoles"/>).</summary>
    public IReadOnlyList<string> PluginRoles { get; set; } =
        [SimulatorRoles.AccessPlugin, SimulatorRoles.AccessPluginResolver, SimulatorRoles.AccessPluginReviewer, SimulatorRoles.AccessPluginWithReview];

    /// <summary>Lifetime of a pending request when the creator sets none (Teleport: 7 days).</summary>
    public TimeSpan DefaultRequestTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Events a watcher may lag behind before the simulator closes its stream, as Teleport's fanout does.</summary>
    public int WatchBufferSize { get; set; } = 1024;

    /// <summary>How often expired requests are swept.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Clock for creation times and expiry; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Logging set-up; by default the simulator logs nothing. ASP.NET Core and gRPC categories start at Warning, since
    /// they log every request; a filter added here overrides that.
    /// </summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
