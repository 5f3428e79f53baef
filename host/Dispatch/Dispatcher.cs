using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Reminders;
using TeleportPlugins.Host.Routing;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.State;
using TeleportPlugins.Host.Watching;

namespace TeleportPlugins.Host.Dispatch;

/// <summary>Fans every request out to one <see cref="AdapterWorker"/> per active adapter.</summary>
internal sealed class Dispatcher : IRequestSink, IAsyncDisposable
{
    private readonly AdapterWorker[] _workers;

    /// <summary>Creates a worker per adapter; <see cref="Start"/> starts them.</summary>
    /// <param name="adapters">The adapters serving requests.</param>
    /// <param name="reviews">The review service of each adapter, by adapter name.</param>
    /// <param name="ledger">The claim protocol on plugin data.</param>
    /// <param name="options">The <c>[dispatch]</c> options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">Creates the loggers.</param>
    /// <param name="metrics">Where each adapter's steps are counted; without it they are counted but not exposed.</param>
    /// <param name="routing">The Access Monitoring Rules routing each step's recipients; without it none are routed.</param>
    /// <param name="reminders">The <c>[reminders]</c> section; without it no reminders.</param>
    /// <param name="currentRequest">Reads a request from Teleport right before a reminder is sent.</param>
    public Dispatcher(
        IReadOnlyList<ActiveAdapter> adapters,
        Func<string, IAccessReviewService> reviews,
        StepLedger ledger,
        DispatchOptions options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        HostMetrics? metrics = null,
        RoutingRules? routing = null,
        ReminderSettings? reminders = null,
        Func<string, CancellationToken, Task<AccessRequestSnapshot?>>? currentRequest = null)
    {
        metrics ??= new HostMetrics();
        var logger = loggerFactory.CreateLogger<Dispatcher>();
        _workers = [.. adapters.Select(adapter => new AdapterWorker(
            adapter,
            options.AutoApprove.Contains(adapter.Name, StringComparer.OrdinalIgnoreCase),
            reviews(adapter.Name),
            ledger,
            options,
            timeProvider,
            logger,
            metrics.ForAdapter(adapter.Name),
            routing,
            reminders?.PlanFor(adapter.Name),
            currentRequest))];
    }

    /// <summary>Whether every adapter is up to date with everything submitted so far.</summary>
    public bool IsIdle => _workers.All(worker => worker.IsIdle);

    /// <summary>Starts the workers.</summary>
    public void Start()
    {
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    /// <inheritdoc />
    public void Submit(AccessRequestSnapshot request, bool deleted, bool fresh)
    {
        foreach (var worker in _workers)
        {
            worker.Submit(request, deleted, fresh);
        }
    }

    /// <inheritdoc />
    public void SubmitListed(AccessRequestSnapshot request, bool deleted)
    {
        foreach (var worker in _workers)
        {
            worker.SubmitListed(request, deleted);
        }
    }

    /// <inheritdoc />
    public async Task WaitForListingRoomAsync(int held, CancellationToken cancellationToken)
    {
        foreach (var worker in _workers)
        {
            await worker.WaitForListingRoomAsync(held, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The most requests one adapter holds now: what the listing's room bounds.</summary>
    internal int HeldRequests => _workers.Select(worker => worker.HeldRequests).DefaultIfEmpty().Max();

    /// <summary>Stops taking work; running steps finish, or are cancelled when <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">The shutdown deadline.</param>
    /// <returns>A task that completes when every worker stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(_workers.Select(worker => worker.StopAsync(cancellationToken)));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }
    }
}
