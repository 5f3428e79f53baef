using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Loading;

namespace TeleportPlugins.Host.Runtime;

/// <summary>
/// Creates the configured adapters and runs their start-up health checks, retried until they pass or
/// <c>[adapters] health_check_timeout</c> is spent. An adapter whose constructor throws or whose health check does not
/// pass is reported with one error line naming its folder and the reason, and then tried again in the background with
/// decorrelated-jitter backoff (1 s up to <c>[adapters] retry_max</c>) until it passes or the host stops: a tool that is
/// down while the host starts must not turn its integration off for the life of the process. An adapter that passes,
/// at start-up or later, joins: <see cref="Subscribe"/> tells the dispatch and the webhook routes. Disposes the adapters
/// it started. Each adapter gets its own review service, so that what it decides is recorded in Teleport under its
/// name, a reader of its own persisted state, and the host's approve-from-tool service (reviews as the bound user).
/// </summary>
internal sealed partial class AdapterRuntime(
    ILoggerFactory loggerFactory,
    IHttpClientFactory httpClientFactory,
    TimeProvider timeProvider,
    Func<string, IAccessReviewService> reviews,
    Func<string, IAdapterStateReader>? states = null,
    Func<string, IOnBehalfReviewService>? onBehalfReviews = null) : IAsyncDisposable
{
    /// <summary>Creates the runtime with one review service shared by every adapter.</summary>
    public AdapterRuntime(ILoggerFactory loggerFactory, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, IAccessReviewService reviews)
        : this(loggerFactory, httpClientFactory, timeProvider, _ => reviews)
    {
    }

    private static readonly TimeSpan FirstHealthRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastHealthRetry = TimeSpan.FromSeconds(5);

    /// <summary>The first pause of the background retries of an adapter that failed to start.</summary>
    private static readonly TimeSpan FirstStartRetry = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger = loggerFactory.CreateLogger<AdapterRuntime>();
    private readonly Lock _gate = new();
    private readonly List<ActiveAdapter> _active = [];
    private readonly List<AdapterStatus> _statuses = [];
    private readonly List<Action<ActiveAdapter>> _joined = [];
    private readonly List<Task> _retries = [];
    private readonly CancellationTokenSource _stopping = new();
    private bool _started;
    private bool _disposed;

    /// <summary>The adapters serving now.</summary>
    public IReadOnlyList<ActiveAdapter> Active
    {
        get
        {
            lock (_gate)
            {
                return [.. _active];
            }
        }
    }

    /// <summary>Every enabled adapter's state, in configuration order; null until <see cref="StartAsync"/> began.</summary>
    public IReadOnlyList<AdapterStatus>? Statuses
    {
        get
        {
            lock (_gate)
            {
                return _started ? [.. _statuses] : null;
            }
        }
    }

    /// <summary>
    /// Registers <paramref name="joined"/> for every adapter that starts serving from now on, and returns those serving
    /// already: together they name each serving adapter exactly once, whatever the timing.
    /// </summary>
    /// <param name="joined">Called (on the thread that started the adapter) when an adapter starts serving; must not block.</param>
    /// <returns>The adapters serving now.</returns>
    public IReadOnlyList<ActiveAdapter> Subscribe(Action<ActiveAdapter> joined)
    {
        lock (_gate)
        {
            _joined.Add(joined);
            return [.. _active];
        }
    }

    /// <summary>
    /// Creates and health-checks every configured adapter, in parallel; those that fail are retried in the background.
    /// </summary>
    /// <param name="configured">The adapters with their options.</param>
    /// <param name="settings">The host settings.</param>
    /// <param name="cluster">The cluster the host is connected to.</param>
    /// <param name="cancellationToken">Stops start-up.</param>
    /// <returns>The adapters that started.</returns>
    public async Task<IReadOnlyList<ActiveAdapter>> StartAsync(
        IReadOnlyList<ConfiguredAdapter> configured, HostSettings settings, ClusterInfo cluster, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            _statuses.AddRange(configured.Select(c => new AdapterStatus(c.Package.Name, AdapterState.Starting, now, 0, null, null)));
            _started = true;
        }

        await Task.WhenAll(configured.Select(async c =>
        {
            var redactor = new SecretRedactor(c.Options);
            var (adapter, reason) = Create(c, settings, cluster, redactor);
            if (adapter is not null)
            {
                reason = await CheckAsync(c.Package, adapter, settings, redactor, retryHealth: true, cancellationToken);
                if (reason is null)
                {
                    return;
                }
            }

            LogNotStarted(_logger, c.Package.Folder, reason!);
            lock (_gate)
            {
                if (!_disposed)
                {
                    _retries.Add(Task.Run(() => RetryAsync(c, adapter, settings, cluster, redactor, reason!, _stopping.Token), CancellationToken.None));
                    return;
                }
            }

            if (adapter is not null)
            {
                await DisposeAdapterAsync(adapter, c.Package.Name);
            }
        }));
        return Active;
    }

    /// <summary>Stops the background retries and disposes every adapter started.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        Task[] retries;
        ActiveAdapter[] active;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            retries = [.. _retries];
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(retries).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            active = [.. _active];
            _active.Clear();
        }

        foreach (var adapter in active)
        {
            await DisposeAdapterAsync(adapter.Adapter, adapter.Name);
        }

        _stopping.Dispose();
    }

    /// <summary>
    /// Tries again, with a pause growing from 1 s to <c>[adapters] retry_max</c> (decorrelated jitter, so replicas that
    /// failed together do not retry together), until the adapter is created and passes one health check. An adapter that
    /// was created but failed its check is kept and checked again, as a tool that is back makes it pass.
    /// </summary>
    private async Task RetryAsync(
        ConfiguredAdapter configured,
        IAccessRequestAdapter? adapter,
        HostSettings settings,
        ClusterInfo cluster,
        SecretRedactor redactor,
        string cause,
        CancellationToken cancellationToken)
    {
        var name = configured.Package.Name;
        var since = timeProvider.GetUtcNow();
        var backoff = new DecorrelatedBackoff(FirstStartRetry, settings.Adapters.RetryMax);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var pause = backoff.Next();
                SetStatus(new AdapterStatus(name, AdapterState.Retrying, since, attempt, cause, timeProvider.GetUtcNow() + pause));
                LogRetryScheduled(_logger, name, attempt, pause, cause);
                await Task.Delay(pause, timeProvider, cancellationToken);

                string? reason;
                if (adapter is null)
                {
                    (adapter, reason) = Create(configured, settings, cluster, redactor);
                    if (adapter is null)
                    {
                        cause = reason!;
                        continue;
                    }
                }

                reason = await CheckAsync(configured.Package, adapter, settings, redactor, retryHealth: false, cancellationToken);
                if (reason is null)
                {
                    var downtime = timeProvider.GetUtcNow() - since;
                    LogRecovered(_logger, name, attempt, downtime);
                    adapter = null;
                    return;
                }

                cause = reason;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping: nothing to retry for.
        }
        finally
        {
            if (adapter is not null)
            {
                await DisposeAdapterAsync(adapter, name);
            }
        }
    }

    private void Join(ActiveAdapter adapter)
    {
        var orphan = false;
        lock (_gate)
        {
            if (_disposed)
            {
                orphan = true;
            }
            else
            {
                _active.Add(adapter);
                ReplaceStatus(new AdapterStatus(adapter.Name, AdapterState.Serving, timeProvider.GetUtcNow(), 0, null, null));

                // Under the lock, so that a subscriber sees each adapter exactly once (in Subscribe's answer or here).
                foreach (var joined in _joined)
                {
                    try
                    {
                        joined(adapter);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        LogJoinFailed(_logger, e, adapter.Name);
                    }
                }
            }
        }

        if (orphan)
        {
            // Started while the host was stopping: nobody will use it.
            _ = DisposeAdapterAsync(adapter.Adapter, adapter.Name).AsTask();
        }
    }

    private void SetStatus(AdapterStatus status)
    {
        lock (_gate)
        {
            ReplaceStatus(status);
        }
    }

    // Called under _gate.
    private void ReplaceStatus(AdapterStatus status)
    {
        var index = _statuses.FindIndex(s => string.Equals(s.Name, status.Name, StringComparison.Ordinal));
        if (index >= 0)
        {
            _statuses[index] = status;
        }
        else
        {
            _statuses.Add(status);
        }
    }

    /// <summary>Creates the adapter; null and why (without its secrets) when its factory throws.</summary>
    private (IAccessRequestAdapter? Adapter, string? Reason) Create(ConfiguredAdapter configured, HostSettings settings, ClusterInfo cluster, SecretRedactor redactor)
    {
        var package = configured.Package;
        var context = new AdapterContext
        {
            Name = package.Name,
            Logger = loggerFactory.CreateLogger($"TeleportPlugins.Adapters.{package.Name}"),
            HttpClient = httpClientFactory.CreateClient($"adapter:{package.Name}"),
            TimeProvider = timeProvider,
            Reviews = reviews(package.Name),
            States = states?.Invoke(package.Name) ?? NoAdapterState.Instance,
            RoleToRecipients = settings.RoleToRecipients,
            Cluster = cluster,
            OnBehalfReviews = onBehalfReviews?.Invoke(package.Name) ?? NoOnBehalfReviews.Instance,
        };

        try
        {
            return (package.Factory!.Create(context, configured.Options), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, redactor.Redact($"creating the adapter threw {e.GetType().Name}: {e.Message}"));
        }
    }

    /// <summary>Health-checks a created adapter; when it passes, it joins and null is returned, otherwise why not (without its secrets).</summary>
    private async Task<string?> CheckAsync(
        AdapterPackage package, IAccessRequestAdapter adapter, HostSettings settings, SecretRedactor redactor, bool retryHealth, CancellationToken cancellationToken)
    {
        var health = await CheckHealthAsync(adapter, package.Name, settings.Adapters.HealthCheckTimeout, redactor, retryHealth, cancellationToken);
        if (!health.IsHealthy)
        {
            return redactor.Redact($"health check failed: {health.Description}");
        }

        var description = redactor.Redact(health.Description);
        LogStarted(_logger, package.Name, description);
        Join(new ActiveAdapter(package, adapter, health));
        return null;
    }

    /// <summary>
    /// Runs the health check until it passes or <paramref name="timeout"/> is spent; with <paramref name="retry"/>, with
    /// growing pauses between attempts: a tool that is briefly unavailable (a 503, a rate limit, a restart) when the host
    /// starts is waited for before the host reports its start, with a warning per failed attempt so the reason shows at
    /// once. Without it (the background retries, which have their own pauses) one attempt within the timeout.
    /// </summary>
    private async Task<AdapterHealth> CheckHealthAsync(
        IAccessRequestAdapter adapter, string name, TimeSpan timeout, SecretRedactor redactor, bool retry, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var pause = FirstHealthRetry;
        for (var attempt = 1; ; attempt++)
        {
            var remaining = timeout - timeProvider.GetElapsedTime(started);
            AdapterHealth health;
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                limit.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
                try
                {
                    health = await adapter.CheckHealthAsync(limit.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return AdapterHealth.Unhealthy($"the health check did not pass within {timeout}");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    health = AdapterHealth.Unhealthy($"the health check threw {e.GetType().Name}: {e.Message}");
                }
            }

            remaining = timeout - timeProvider.GetElapsedTime(started);
            if (health.IsHealthy || !retry || remaining <= pause)
            {
                return health;
            }

            var reason = redactor.Redact(health.Description);
            LogHealthRetry(_logger, name, attempt, reason, pause);
            await Task.Delay(pause, timeProvider, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LastHealthRetry.Ticks));
        }
    }

    private async ValueTask DisposeAdapterAsync(IAccessRequestAdapter adapter, string name)
    {
        try
        {
            switch (adapter)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogDisposeFailed(_logger, name, e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Adapter {Adapter} started: {Health}")]
    private static partial void LogStarted(ILogger logger, string adapter, string health);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Adapter folder {Folder} is not serving requests: {Reason}")]
    private static partial void LogNotStarted(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Adapter {Adapter}: health check attempt {Attempt} failed ({Reason}); trying again in {Pause}")]
    private static partial void LogHealthRetry(ILogger logger, string adapter, int attempt, string reason, TimeSpan pause);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Adapter {Adapter} is not serving; start retry {Attempt} in {Pause} (cause: {Cause})")]
    private static partial void LogRetryScheduled(ILogger logger, string adapter, int attempt, TimeSpan pause, string cause);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Adapter {Adapter} recovered at start retry {Attempt} after {Downtime} not serving; it now receives requests and owed steps are delivered")]
    private static partial void LogRecovered(ILogger logger, string adapter, int attempt, TimeSpan downtime);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Error, Message = "Adapter {Adapter} started, but handing it to the host failed")]
    private static partial void LogJoinFailed(ILogger logger, Exception exception, string adapter);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Adapter {Adapter} failed to shut down cleanly: {ExceptionType}: {Reason}")]
    private static partial void LogDisposeFailed(ILogger logger, string adapter, string exceptionType, string reason);
}
