using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.State;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Watching;

namespace TeleportPlugins.Host.Engine;

/// <summary>
/// One replica's engine: the watch feeding the dispatcher, which delivers every step to every active adapter through
/// the claim protocol on plugin data. Disposing it without <see cref="StopAsync"/> is a crash as far as Teleport can
/// tell: claims are left to expire.
/// </summary>
internal sealed class RequestEngine : IAsyncDisposable
{
    private const int SnapshotCacheCapacity = 10_000;
    private readonly RequestWatcher _watcher;
    private readonly Dispatcher _dispatcher;
    private readonly CancellationTokenSource _watching = new();
    private Task _watch = Task.CompletedTask;

    /// <summary>Wires the engine; <see cref="Start"/> starts it.</summary>
    /// <param name="client">Teleport.</param>
    /// <param name="adapters">The adapters that started healthy.</param>
    /// <param name="reviews">The review service of each adapter, by name.</param>
    /// <param name="watcherOptions">The <c>[watch]</c> options.</param>
    /// <param name="dispatchOptions">The <c>[dispatch]</c> options.</param>
    /// <param name="replicaId">This replica's ID in claims.</param>
    /// <param name="readiness">Where readiness is recorded.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">Creates the loggers.</param>
    /// <param name="metrics">Where steps and watch streams are counted; without it they are counted but not exposed.</param>
    public RequestEngine(
        ITeleportClient client,
        IReadOnlyList<ActiveAdapter> adapters,
        Func<string, IAccessReviewService> reviews,
        WatcherOptions watcherOptions,
        DispatchOptions dispatchOptions,
        string replicaId,
        HostReadiness readiness,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        HostMetrics? metrics = null)
    {
        metrics ??= new HostMetrics();
        var store = new PluginDataStore(client, timeProvider, loggerFactory.CreateLogger<PluginDataStore>());
        var ledger = new StepLedger(store, replicaId, dispatchOptions.ClaimTtl, timeProvider, loggerFactory.CreateLogger<StepLedger>());
        _dispatcher = new Dispatcher(adapters, reviews, ledger, dispatchOptions, timeProvider, loggerFactory, metrics);
        _watcher = new RequestWatcher(
            client, _dispatcher, new SnapshotCache(SnapshotCacheCapacity), watcherOptions, readiness, metrics, timeProvider, loggerFactory.CreateLogger<RequestWatcher>());
    }

    /// <summary>Whether every adapter is up to date with everything seen so far.</summary>
    public bool IsIdle => _dispatcher.IsIdle;

    /// <summary>How many watch streams were opened.</summary>
    public int StreamsOpened => _watcher.StreamsOpened;

    /// <summary>Starts the dispatcher, then the watch.</summary>
    public void Start()
    {
        _dispatcher.Start();
        _watch = Task.Run(() => _watcher.RunAsync(_watching.Token));
    }

    /// <summary>Stops watching, then lets running adapter calls finish until <paramref name="cancellationToken"/> cancels them.</summary>
    /// <param name="cancellationToken">The host's shutdown deadline.</param>
    /// <returns>A task that completes when everything stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _watching.CancelAsync().ConfigureAwait(false);
        await _watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _dispatcher.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _watching.CancelAsync().ConfigureAwait(false);
        await _dispatcher.DisposeAsync().ConfigureAwait(false);
        await _watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _watching.Dispose();
    }
}
