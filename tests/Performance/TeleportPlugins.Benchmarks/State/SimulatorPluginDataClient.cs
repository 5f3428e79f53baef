using TeleportPlugins.Benchmarks.Support;
using SimulatorStore = TeleportPlugins.Simulator.State.AccessRequestStore;
using SimulatorTypes = TeleportPlugins.Host.Teleport.Protos.Types;

namespace TeleportPlugins.Benchmarks.State;

/// <summary>
/// The host's Teleport seam for plugin data, answered by the simulator's own store in process: the same
/// compare-and-swap code the simulated Auth Service runs behind UpdatePluginData (a lock, Teleport's expectation rules,
/// FailedPrecondition on a mismatch), without the network in between. Counts the calls, as the simulator's gRPC
/// service does, so a benchmark run can say how many Auth Service calls a step cost.
/// </summary>
internal sealed class SimulatorPluginDataClient(SimulatorStore store) : PluginDataOnlyClient
{
    private long _reads;
    private long _writes;

    /// <summary>GetPluginData calls so far.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>UpdatePluginData calls so far.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public override Task<IReadOnlyDictionary<string, string>> GetPluginDataAsync(string requestId, string plugin, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        var seq = store.GetPluginData(new SimulatorTypes.PluginDataFilter { Kind = SimulatorStore.AccessRequestKind, Resource = requestId, Plugin = plugin });
        IReadOnlyDictionary<string, string> data = seq.PluginData.Count > 0 && seq.PluginData[0].Spec.Entries.TryGetValue(plugin, out var entry)
            ? new Dictionary<string, string>(entry.Data, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return Task.FromResult(data);
    }

    public override Task UpdatePluginDataAsync(
        string requestId, string plugin, IReadOnlyDictionary<string, string> set, IReadOnlyDictionary<string, string> expect, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        var update = new SimulatorTypes.PluginDataUpdateParams { Kind = SimulatorStore.AccessRequestKind, Resource = requestId, Plugin = plugin };
        foreach (var (key, value) in set)
        {
            update.Set[key] = value;
        }

        foreach (var (key, value) in expect)
        {
            update.Expect[key] = value;
        }

        try
        {
            store.UpdatePluginData(update);
            return Task.CompletedTask;
        }
        catch (Grpc.Core.RpcException e)
        {
            // As the gRPC client surfaces it: the store's FailedPrecondition (or NotFound) as a faulted call.
            return Task.FromException(e);
        }
    }
}
