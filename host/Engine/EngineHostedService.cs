using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.AccessLists;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Engine;

/// <summary>
/// Runs the engine once the adapters started (it is registered after <see cref="AdapterHostService"/>, so it starts
/// after it and stops before it), hands it each adapter that starts serving later, records readiness, and on shutdown stops watching and gives running adapter calls
/// until the host's shutdown timeout.
/// </summary>
internal sealed partial class EngineHostedService(
    AdapterRuntime runtime,
    EngineOptions options,
    HostReadiness readiness,
    HostMetrics metrics,
    Func<string, IAccessReviewService> reviews,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    IServiceProvider services) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<EngineHostedService>();
    private RequestEngine? _engine;
    private AccessListReminderService? _accessListReminders;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        readiness.TrackAdapters(() => runtime.Statuses);

        // Resolved only now: the Teleport connection is opened (and can fail with a clear message) by the service
        // that starts first, not while the hosted services are being constructed.
        var client = services.GetService<ITeleportClient>();
        if (client is null)
        {
            LogNoClient(_logger);
            return Task.CompletedTask;
        }

        // A new ID per run: a claim left by a crashed run must look foreign to the next one, so it expires and is taken over.
        var replicaId = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";
        var engine = new RequestEngine(
            client, [], reviews, options.Watch, options.Dispatch, replicaId, readiness, timeProvider, loggerFactory, metrics, options.Reminders,
            services.GetService<TeleportConnection>()?.OnBehalf);

        // Those serving now join at once; those still being retried join when they pass, with a reconcile of their own.
        var active = runtime.Subscribe(engine.AddAdapter);
        foreach (var adapter in active)
        {
            engine.AddAdapter(adapter);
        }

        engine.Start();
        _engine = engine;
        StartAccessListReminders();
        LogStarted(_logger, replicaId, active.Count);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_accessListReminders is not null)
        {
            await _accessListReminders.DisposeAsync().ConfigureAwait(false);
            _accessListReminders = null;
        }

        if (_engine is not null)
        {
            await _engine.StopAsync(cancellationToken).ConfigureAwait(false);
            LogStopped(_logger);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_accessListReminders is not null)
        {
            await _accessListReminders.DisposeAsync().ConfigureAwait(false);
        }

        if (_engine is not null)
        {
            await _engine.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void StartAccessListReminders()
    {
        var reminders = options.AccessListReminders;
        if (!reminders.Enabled || services.GetService<TeleportConnection>() is not { } connection)
        {
            return;
        }

        var logger = loggerFactory.CreateLogger<AccessListReminderService>();
        var senders = new AccessListReminderSenders(reminders, () => runtime.Active, logger);
        var cluster = services.GetService<TeleportClusterState>();
        var runner = new AccessListReminderRunner(connection.AccessLists, senders.Current, () => cluster?.Info?.ProxyPublicAddress, timeProvider, logger);
        _accessListReminders = new AccessListReminderService(runner, reminders.CheckInterval, timeProvider, logger);
        _accessListReminders.Start();
    }

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Engine started as replica {Replica} with {Adapters} adapters")]
    private static partial void LogStarted(ILogger logger, string replica, int adapters);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Engine stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Error, Message = "No Teleport client is registered: access requests are not watched and the host never becomes ready")]
    private static partial void LogNoClient(ILogger logger);
}
