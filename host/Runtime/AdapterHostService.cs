using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Http;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Runtime;

/// <summary>
/// Starts the configured adapters with the host (those that fail keep being retried in the background), serves the
/// webhook routes of those that receive calls from their tool once they serve, and disposes them when the host stops.
/// </summary>
internal sealed partial class AdapterHostService(
    AdapterRuntime runtime,
    HostSettings settings,
    IReadOnlyList<ConfiguredAdapter> configured,
    TeleportClusterState cluster,
    InboundRouteTable routes,
    ILogger<AdapterHostService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Every adapter gets its routes when it starts serving (now or after background retries), never before: a
        // webhook must never reach a broken adapter.
        runtime.Subscribe(MapRoutes);
        var active = await runtime.StartAsync(configured, settings, cluster.ForAdapters, cancellationToken);

        var names = string.Join(", ", active.Select(a => a.Name));
        LogStarted(logger, active.Count, configured.Count, names);

        // Start-up leaves garbage that steady state never needs again (the configuration's syntax tree, each adapter
        // folder's dependency manifest read by its loader, the health checks' first calls). One compacting collection
        // here hands those pages back, so an idle host's resident set is what it keeps, not what it once read.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await runtime.DisposeAsync();
        LogStopped(logger);
    }

    private void MapRoutes(ActiveAdapter adapter)
    {
        if (adapter.Adapter is IInboundRouteProvider provider)
        {
            provider.MapRoutes(routes.For(adapter.Name));
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "teleport-plugins started: {Active} of {Enabled} enabled adapters serving ({Names})")]
    private static partial void LogStarted(ILogger logger, int active, int enabled, string names);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "teleport-plugins stopped")]
    private static partial void LogStopped(ILogger logger);
}
