using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Configuration;

namespace TeleportPlugins.Host.Runtime;

/// <summary>
/// Creates the configured adapters and runs their start-up health checks, retried until they pass or
/// <c>[adapters] health_check_timeout</c> is spent. An adapter whose constructor throws or whose health check never
/// passes is reported with one error line naming its folder and the reason, and left out; the others run. Disposes the adapters it started. Each adapter gets its own review service, so that what it decides is
/// recorded in Teleport under its name, and a reader of its own persisted state.
/// </summary>
internal sealed partial class AdapterRuntime(
    ILoggerFactory loggerFactory,
    IHttpClientFactory httpClientFactory,
    TimeProvider timeProvider,
    Func<string, IAccessReviewService> reviews,
    Func<string, IAdapterStateReader>? states = null) : IAsyncDisposable
{
    /// <summary>Creates the runtime with one review service shared by every adapter.</summary>
    public AdapterRuntime(ILoggerFactory loggerFactory, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, IAccessReviewService reviews)
        : this(loggerFactory, httpClientFactory, timeProvider, _ => reviews)
    {
    }

    private static readonly TimeSpan FirstHealthRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastHealthRetry = TimeSpan.FromSeconds(5);
    private readonly ILogger _logger = loggerFactory.CreateLogger<AdapterRuntime>();
    private readonly List<ActiveAdapter> _active = [];

    /// <summary>The adapters that started.</summary>
    public IReadOnlyList<ActiveAdapter> Active => _active;

    /// <summary>Creates and health-checks every configured adapter, in parallel.</summary>
    /// <param name="configured">The adapters with their options.</param>
    /// <param name="settings">The host settings.</param>
    /// <param name="cluster">The cluster the host is connected to.</param>
    /// <param name="cancellationToken">Stops start-up.</param>
    /// <returns>The adapters that started.</returns>
    public async Task<IReadOnlyList<ActiveAdapter>> StartAsync(
        IReadOnlyList<ConfiguredAdapter> configured, HostSettings settings, ClusterInfo cluster, CancellationToken cancellationToken)
    {
        var started = await Task.WhenAll(configured.Select(c => StartOneAsync(c, settings, cluster, cancellationToken)));
        _active.AddRange(started.OfType<ActiveAdapter>());
        return _active;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var active in _active)
        {
            await DisposeAdapterAsync(active.Adapter, active.Name);
        }

        _active.Clear();
    }

    private async Task<ActiveAdapter?> StartOneAsync(ConfiguredAdapter configured, HostSettings settings, ClusterInfo cluster, CancellationToken cancellationToken)
    {
        var package = configured.Package;
        var factory = package.Factory!;
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
        };

        IAccessRequestAdapter adapter;
        try
        {
            adapter = factory.Create(context, configured.Options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotStarted(_logger, package.Folder, $"creating the adapter threw {e.GetType().Name}: {e.Message}");
            return null;
        }

        var health = await CheckHealthAsync(adapter, package.Name, settings.Adapters.HealthCheckTimeout, cancellationToken);
        if (!health.IsHealthy)
        {
            LogNotStarted(_logger, package.Folder, $"health check failed: {health.Description}");
            await DisposeAdapterAsync(adapter, package.Name);
            return null;
        }

        LogStarted(_logger, package.Name, health.Description);
        return new ActiveAdapter(package, adapter, health);
    }

    /// <summary>
    /// Runs the health check until it passes or <paramref name="timeout"/> is spent, with growing pauses between
    /// attempts: a tool that is briefly unavailable (a 503, a rate limit, a restart) when the host starts must not
    /// leave its adapter out until the next restart. A lasting failure (a revoked token) is reported after the timeout,
    /// with a warning per failed attempt so the reason shows at once.
    /// </summary>
    private async Task<AdapterHealth> CheckHealthAsync(IAccessRequestAdapter adapter, string name, TimeSpan timeout, CancellationToken cancellationToken)
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
            if (health.IsHealthy || remaining <= pause)
            {
                return health;
            }

            LogHealthRetry(_logger, name, attempt, health.Description, pause);
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

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Adapter {Adapter} failed to shut down cleanly: {ExceptionType}: {Reason}")]
    private static partial void LogDisposeFailed(ILogger logger, string adapter, string exceptionType, string reason);
}
