using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.Reminders;
using TeleportPlugins.Host.Routing;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.State;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Watching;

namespace TeleportPlugins.Host.Engine;

/// <summary>
/// One replica's engine: the watch feeding the dispatchers, which deliver every step to every active adapter through
/// the claim protocol on plugin data. An adapter that starts serving later (<see cref="AddAdapter"/>) gets a dispatcher
/// of its own and a reconcile of the current requests, so it is handed what it owes like after a restart. Disposing it
/// without <see cref="StopAsync"/> is a crash as far as Teleport can tell: claims are left to expire.
/// </summary>
internal sealed partial class RequestEngine : IRequestSink, IAsyncDisposable
{
    private const int SnapshotCacheCapacity = 10_000;
    private readonly ITeleportClient _client;
    private readonly Func<string, IAccessReviewService> _reviews;
    private readonly StepLedger _ledger;
    private readonly WatcherOptions _watcherOptions;
    private readonly DispatchOptions _dispatchOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly HostMetrics _metrics;
    private readonly ILogger _logger;
    private readonly RequestWatcher _watcher;
    private readonly RoutingRules _routing;
    private readonly ReminderSettings _reminderSettings;
    private readonly ReminderScheduler _reminders;
    private readonly CancellationTokenSource _watching = new();
    private readonly Lock _gate = new();
    private readonly List<Task> _reconciles = [];
    private Dispatcher[] _dispatchers;
    private Task _watch = Task.CompletedTask;
    private bool _started;
    private bool _stopped;

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
    /// <param name="reminders">The <c>[reminders]</c> section; without it no reminders.</param>
    /// <param name="users">Teleport's users, for <c>user.traits</c> in Access Monitoring Rules; without it traits are empty.</param>
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
        HostMetrics? metrics = null,
        ReminderSettings? reminders = null,
        ITeleportOnBehalfClient? users = null)
    {
        _client = client;
        _logger = loggerFactory.CreateLogger<RequestEngine>();
        _reminderSettings = reminders ?? ReminderSettings.None;
        _reminders = new ReminderScheduler(timeProvider, Resubmit);
        foreach (var adapter in adapters)
        {
            AddReminderPlan(adapter);
        }

        _reviews = reviews;
        _watcherOptions = watcherOptions;
        _dispatchOptions = dispatchOptions;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _metrics = metrics ?? new HostMetrics();
        var store = new PluginDataStore(client, timeProvider, loggerFactory.CreateLogger<PluginDataStore>());
        _ledger = new StepLedger(store, replicaId, dispatchOptions.ClaimTtl, timeProvider, loggerFactory.CreateLogger<StepLedger>());
        _routing = new RoutingRules(
            loggerFactory.CreateLogger<RoutingRules>(),
            users is null ? null : new RequesterTraits(users, timeProvider, loggerFactory.CreateLogger<RequesterTraits>()),
            users is null ? null : new RequestedResourceLabels(users, timeProvider, loggerFactory.CreateLogger<RequestedResourceLabels>()));
        _dispatchers = [NewDispatcher(adapters)];
        _watcher = new RequestWatcher(
            client, this, new SnapshotCache(SnapshotCacheCapacity), watcherOptions, readiness, _metrics, timeProvider, loggerFactory.CreateLogger<RequestWatcher>(), _routing);
    }

    /// <summary>Whether every adapter is up to date with everything seen so far.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _reconciles.TrueForAll(r => r.IsCompleted) && Array.TrueForAll(_dispatchers, d => d.IsIdle);
            }
        }
    }

    /// <summary>The Access Monitoring Rules the engine routes by.</summary>
    public RoutingRules Routing => _routing;

    /// <summary>How many watch streams were opened.</summary>
    public int StreamsOpened => _watcher.StreamsOpened;

    /// <summary>Starts the dispatchers, then the watch.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _started = true;
            foreach (var dispatcher in _dispatchers)
            {
                dispatcher.Start();
            }
        }

        _watch = Task.Run(() => _watcher.RunAsync(_watching.Token));
    }

    /// <summary>
    /// Adds an adapter that started serving after the engine was created, with a dispatcher of its own. Before
    /// <see cref="Start"/> that is all (the first INIT's reconcile covers it); afterwards the dispatcher takes live events
    /// at once and the current requests are listed and handed to it as after an INIT, so the steps it owes are
    /// delivered. Ignored once the engine stops.
    /// </summary>
    /// <param name="adapter">The adapter.</param>
    public void AddAdapter(ActiveAdapter adapter)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var dispatcher = NewDispatcher([adapter]);
            AddReminderPlan(adapter);

            // Live events reach it from here on; the reconcile below covers what happened before. Both may carry the
            // same request: the dispatcher keeps the more advanced snapshot and plugin data says what is still owed.
            _dispatchers = [.. _dispatchers, dispatcher];
            if (!_started)
            {
                return;
            }

            dispatcher.Start();
            _reconciles.RemoveAll(r => r.IsCompleted);
            _reconciles.Add(Task.Run(() => ReconcileAsync(adapter.Name, dispatcher, _watching.Token)));
        }
    }

    /// <inheritdoc />
    public void Submit(AccessRequestSnapshot request, bool deleted, bool fresh)
    {
        _reminders.Track(request, deleted);
        foreach (var dispatcher in Volatile.Read(ref _dispatchers))
        {
            dispatcher.Submit(request, deleted, fresh);
        }
    }

    /// <inheritdoc />
    public void SubmitListed(AccessRequestSnapshot request, bool deleted)
    {
        _reminders.Track(request, deleted);
        foreach (var dispatcher in Volatile.Read(ref _dispatchers))
        {
            dispatcher.SubmitListed(request, deleted);
        }
    }

    /// <inheritdoc />
    public async Task WaitForListingRoomAsync(int held, CancellationToken cancellationToken)
    {
        foreach (var dispatcher in Volatile.Read(ref _dispatchers))
        {
            await dispatcher.WaitForListingRoomAsync(held, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The most requests one adapter holds now (queued, running or waiting for a retry): what the listing's room bounds.</summary>
    internal int HeldRequests => Volatile.Read(ref _dispatchers).Select(d => d.HeldRequests).DefaultIfEmpty().Max();

    /// <summary>Stops watching, then lets running adapter calls finish until <paramref name="cancellationToken"/> cancels them.</summary>
    /// <param name="cancellationToken">The host's shutdown deadline.</param>
    /// <returns>A task that completes when everything stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var (dispatchers, reconciles) = StopAdding();
        _reminders.Dispose();
        await _watching.CancelAsync().ConfigureAwait(false);
        await _watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(reconciles).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(dispatchers.Select(d => d.StopAsync(cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var (dispatchers, reconciles) = StopAdding();
        _reminders.Dispose();
        await _watching.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(reconciles).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var dispatcher in dispatchers)
        {
            await dispatcher.DisposeAsync().ConfigureAwait(false);
        }

        await _watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _watching.Dispose();
    }

    /// <summary>How many pending requests wait for a reminder (one entry each, whatever the number of adapters).</summary>
    internal int ScheduledReminders => _reminders.Count;

    private void AddReminderPlan(ActiveAdapter adapter)
    {
        if (adapter.Adapter is IReminderSender && _reminderSettings.PlanFor(adapter.Name) is { } plan)
        {
            _reminders.AddPlan(plan);
        }
        else if (adapter.Adapter is not IReminderSender && _reminderSettings.NamesExplicitly(adapter.Name))
        {
            ReminderLog.CannotRemind(_logger, adapter.Name);
        }
    }

    /// <summary>A reminder fell due: hand the request to every dispatcher again; plugin data says which adapter owes one.</summary>
    private void Resubmit(AccessRequestSnapshot request)
    {
        foreach (var dispatcher in Volatile.Read(ref _dispatchers))
        {
            dispatcher.Submit(request, deleted: false, fresh: false);
        }
    }

    private (Dispatcher[] Dispatchers, Task[] Reconciles) StopAdding()
    {
        lock (_gate)
        {
            _stopped = true;
            return (_dispatchers, [.. _reconciles]);
        }
    }

    private Dispatcher NewDispatcher(IReadOnlyList<ActiveAdapter> adapters) =>
        new(adapters, _reviews, _ledger, _dispatchOptions, _timeProvider, _loggerFactory, _metrics, _routing, _reminderSettings, _client.GetAccessRequestAsync);

    /// <summary>Lists the current requests for one late adapter, retrying with the watch's backoff until it worked or the engine stops.</summary>
    private async Task ReconcileAsync(string adapter, Dispatcher dispatcher, CancellationToken cancellationToken)
    {
        var backoff = new DecorrelatedBackoff(_watcherOptions.BackoffMin, _watcherOptions.BackoffMax);
        while (true)
        {
            try
            {
                // Page by page with the same room as the watcher's reconcile, so a late adapter holds two pages at most.
                var count = 0;
                var pageSize = 0;
                await foreach (var page in _client.ListAccessRequestPagesAsync(cancellationToken).ConfigureAwait(false))
                {
                    foreach (var request in page)
                    {
                        dispatcher.SubmitListed(request, deleted: false);
                    }

                    count += page.Count;
                    pageSize = Math.Max(pageSize, page.Count);
                    await dispatcher.WaitForListingRoomAsync(pageSize, cancellationToken).ConfigureAwait(false);
                }

                LogAdapterReconciled(_logger, adapter, count);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var pause = backoff.Next();
                LogAdapterReconcileFailed(_logger, adapter, e.GetType().Name, e.Message, pause);
                try
                {
                    await Task.Delay(pause, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 2023, Level = LogLevel.Information, Message = "Adapter {Adapter} joined the dispatch; handed it the {Count} current access requests")]
    private static partial void LogAdapterReconciled(ILogger logger, string adapter, int count);

    [LoggerMessage(EventId = 2024, Level = LogLevel.Warning, Message = "Listing the access requests for adapter {Adapter}, which joined late, failed ({ExceptionType}: {Reason}); trying again in {Pause}")]
    private static partial void LogAdapterReconcileFailed(ILogger logger, string adapter, string exceptionType, string reason, TimeSpan pause);
}
