using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Google.Protobuf.Collections;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.State;
using SimulatorMapper = TeleportPlugins.Simulator.State.RequestMapper;
using SimulatorRequest = TeleportPlugins.Simulator.NewAccessRequest;
using SimulatorStore = TeleportPlugins.Simulator.State.AccessRequestStore;
using SimulatorTypes = TeleportPlugins.Host.Teleport.Protos.Types;

namespace TeleportPlugins.Benchmarks.State;

/// <summary>
/// The host's claim/confirm path per step, as an adapter worker runs it for the first step of a request older than the host: read the
/// record to plan, claim the step by compare-and-swap, then confirm it (the adapter's key, the bookkeeping, the claim
/// cleared) by compare-and-swap — the host's <see cref="StepLedger"/> and <see cref="PluginDataStore"/> against the
/// simulator's plugin-data store in process (the code behind its GetPluginData and UpdatePluginData), without the
/// network. One operation is <see cref="RequestsPerOperation"/> requests, one step each; results are per step.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes the store in [GlobalCleanup]; its classes cannot be sealed for the dispose pattern.")]
public class ClaimConfirmBenchmarks
{
    /// <summary>How many requests (one step each) one operation claims and confirms.</summary>
    public const int RequestsPerOperation = 1000;

    private const string Plugin = "slack";

    private static readonly LifecycleStep Created = new(StepKind.Created);
    private static readonly Dictionary<string, string> Before = [];

    private SimulatorStore? _store;
    private SimulatorPluginDataClient? _client;
    private StepLedger? _ledger;
    private string[] _ids = [];

    /// <summary>Auth Service calls (reads and compare-and-swaps) so far, for the correctness tests.</summary>
    internal long Calls => _client!.Reads + _client.Writes;

    /// <summary>How many requests the simulator's store records as announced and no longer claimed, for the correctness tests.</summary>
    internal int Confirmed => _ids.Count(id => Record(id) is { } data && data.ContainsKey(HostKeys.Created) && !data.ContainsKey(HostKeys.Claim));

    /// <summary>Creates the requests in the simulator's store and the host's ledger on it, with the production claim TTL.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var time = TimeProvider.System;
        _store = new SimulatorStore(time, TimeSpan.FromDays(7), watchBufferSize: 1024, sweepInterval: TimeSpan.FromHours(1));
        var template = new SimulatorRequest { User = "alice@example.com", Roles = ["db-admin"], Reason = "benchmark" };
        _ids = [.. Enumerable.Range(0, RequestsPerOperation).Select(_ => _store.Create(SimulatorMapper.ToProto(template, time.GetUtcNow()), template.User).Metadata.Name)];
        _client = new SimulatorPluginDataClient(_store);
        var store = new PluginDataStore(_client, time, NullLogger<PluginDataStore>.Instance);
        _ledger = new StepLedger(store, "benchmark-replica", new DispatchOptions().ClaimTtl, time, NullLogger<StepLedger>.Instance);
    }

    /// <summary>Empties the plugin data, so each operation starts from new requests (and the store does not grow).</summary>
    [IterationSetup]
    public void ClearPluginData()
    {
        foreach (var id in _ids)
        {
            if (Record(id) is { } data)
            {
                var clear = new SimulatorTypes.PluginDataUpdateParams { Kind = SimulatorStore.AccessRequestKind, Resource = id, Plugin = Plugin };
                foreach (var key in data.Keys)
                {
                    clear.Set[key] = string.Empty;
                }

                _store!.UpdatePluginData(clear);
            }
        }
    }

    /// <summary>Stops the store's sweep timer.</summary>
    [GlobalCleanup]
    public void Cleanup() => _store?.Dispose();

    /// <summary>Plans, claims and confirms the "created" step of every request, one after another.</summary>
    /// <returns>How many steps were confirmed.</returns>
    [Benchmark(OperationsPerInvoke = RequestsPerOperation)]
    public async Task<int> PlanClaimConfirm()
    {
        var ledger = _ledger!;
        var confirmed = 0;
        foreach (var id in _ids)
        {
            var record = await ledger.ReadAsync(id, Plugin, CancellationToken.None);
            if (Plan(record) is not { } step)
            {
                continue;
            }

            var claim = await ledger.ClaimAsync(id, Plugin, step, Plan, record, CancellationToken.None);
            if (claim.Claim is null)
            {
                continue;
            }

            var after = new Dictionary<string, string>(StringComparer.Ordinal) { ["slack_ts"] = "1700000000." + id[..6] };
            if (await ledger.ConfirmAsync(id, Plugin, claim.Claim, new StepCompletion(step, Before, after, Failed: false), claim.Record, CancellationToken.None) is not null)
            {
                confirmed++;
            }
        }

        return confirmed;
    }

    private static LifecycleStep? Plan(RequestRecord record) => record.IsCreated ? null : Created;

    private MapField<string, string>? Record(string id)
    {
        var seq = _store!.GetPluginData(new SimulatorTypes.PluginDataFilter { Kind = SimulatorStore.AccessRequestKind, Resource = id, Plugin = Plugin });
        return seq.PluginData.Count > 0 ? seq.PluginData[0].Spec.Entries[Plugin].Data : null;
    }
}
