using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Benchmarks.Watching;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.Loading;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.State;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Benchmarks.Dispatch;

/// <summary>
/// The dispatcher's own cost per request: from the watcher handing it a new request to the adapter's call, through
/// the real per-adapter queue, the claim protocol (read, claim and confirm by compare-and-swap, the confirm expecting
/// what the claim wrote) and the state store, with plugin data in memory and an adapter that does nothing. One
/// operation is <see cref="RequestsPerOperation"/> new requests, each announced once; results are per request.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes the dispatcher in [GlobalCleanup]; its classes cannot be sealed for the dispose pattern.")]
public class DispatcherBenchmarks
{
    /// <summary>How many new requests one operation submits; below the queue's capacity, so nothing overflows.</summary>
    public const int RequestsPerOperation = 1000;

    private const string AdapterName = "counting";

    private readonly InMemoryPluginDataClient _pluginData = new();
    private readonly CountingAdapter _adapter = new();
    private AccessRequestSnapshot _template = null!;
    private int _generation;
    private Dispatcher? _dispatcher;

    /// <summary>How many requests plugin data records as announced, for the correctness tests.</summary>
    internal int RecordedAsCreated => _pluginData.CountWithKey(AdapterName, HostKeys.Created);

    /// <summary>How many requests still hold a claim, for the correctness tests.</summary>
    internal int StillClaimed => _pluginData.CountWithKey(AdapterName, HostKeys.Claim);

    /// <summary>Builds the pending requests and starts the dispatcher with the production [dispatch] defaults.</summary>
    [GlobalSetup]
    public void Setup()
    {
        // A realistic snapshot (the decode benchmark's event) without its reviews: exactly one step, "created", is owed.
        _template = AccessRequestMapper.ToSnapshot(SampleWatchEvent.Create().AccessRequest, SampleWatchEvent.Cluster) with { Reviews = [] };

        var time = TimeProvider.System;
        var store = new PluginDataStore(_pluginData, time, NullLogger<PluginDataStore>.Instance);
        var options = new DispatchOptions();
        var ledger = new StepLedger(store, "benchmark-replica", options.ClaimTtl, time, NullLogger<StepLedger>.Instance);
        var adapter = new ActiveAdapter(new AdapterPackage("/adapters/" + AdapterName, null, null, null), _adapter, AdapterHealth.Healthy("counting"));
        _dispatcher = new Dispatcher([adapter], _ => new NotConnectedReviewService(), ledger, options, time, NullLoggerFactory.Instance);
        _dispatcher.Start();
    }

    /// <summary>Stops the dispatcher's workers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _dispatcher?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Submits every request as new and waits until the adapter was called for each and the dispatcher has recorded
    /// them all (confirmed in plugin data, nothing left owed). Each operation's requests have new IDs (and the plugin
    /// data is emptied first): the dispatcher keeps the record a request's last pass confirmed, so the same IDs again
    /// would count as announced already.
    /// </summary>
    /// <returns>How many adapter calls arrived.</returns>
    [Benchmark(OperationsPerInvoke = RequestsPerOperation)]
    public async Task<int> NewRequestToAdapterCall()
    {
        var dispatcher = _dispatcher!;
        _pluginData.Clear();
        var prefix = "request-" + (++_generation).ToString(CultureInfo.InvariantCulture) + "-";
        var arrived = _adapter.Expect(RequestsPerOperation);
        for (var i = 0; i < RequestsPerOperation; i++)
        {
            dispatcher.Submit(_template with { Id = prefix + i.ToString(CultureInfo.InvariantCulture) }, deleted: false, fresh: false);
        }

        await arrived;

        // The last few confirms are still in flight when their adapter calls have returned.
        while (!dispatcher.IsIdle)
        {
            await Task.Yield();
        }

        return _adapter.Calls;
    }
}
