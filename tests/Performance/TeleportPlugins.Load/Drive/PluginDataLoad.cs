using TeleportPlugins.Simulator;

namespace TeleportPlugins.Load.Drive;

/// <summary>
/// The plugin-data half of the honest ceiling: <paramref name="Steps"/> steps spread over every (request, plugin) pair,
/// each step a GetPluginData and a compare-and-swap UpdatePluginData sent over gRPC to <paramref name="Simulator"/>.
/// </summary>
/// <param name="Simulator">The simulated Auth Service the host used.</param>
/// <param name="RequestIds">The requests of the run.</param>
/// <param name="Plugins">The plugin names (the adapters' names, so each read returns the record the host left).</param>
/// <param name="Steps">How many steps the host delivered.</param>
public sealed record PluginDataLoad(SimulatorServer Simulator, IReadOnlyList<string> RequestIds, IReadOnlyList<string> Plugins, long Steps)
{
    /// <summary>The Auth Service calls each step costs at the least with state kept in Teleport: a read and a compare-and-swap.</summary>
    public const int CallsPerStep = 2;
}
