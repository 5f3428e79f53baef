using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Routing;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Watching;

/// <summary>
/// Keeps an access request watch open for the life of the host. A stream must deliver INIT within the bound or it is
/// re-opened; any error or end of stream re-opens it after decorrelated-jitter backoff. Teleport does not replay
/// missed events, so after every INIT the current requests are listed and fed through the same path as live events
/// (the reconcile): nothing that happened while disconnected or stopped is lost. The same watch carries the Access
/// Monitoring Rules where the host may read them: they are listed after every INIT, before the requests, and kept
/// current in <paramref name="routing"/> from their events.
/// </summary>
internal sealed partial class RequestWatcher(
    ITeleportClient client,
    IRequestSink sink,
    SnapshotCache cache,
    WatcherOptions options,
    HostReadiness readiness,
    HostMetrics metrics,
    TimeProvider timeProvider,
    ILogger<RequestWatcher> logger,
    RoutingRules? routing = null)
{
    private int _streamsOpened;

    /// <summary>How many streams were opened.</summary>
    public int StreamsOpened => Volatile.Read(ref _streamsOpened);

    /// <summary>Watches until <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>A task that completes when watching stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new DecorrelatedBackoff(options.BackoffMin, options.BackoffMax);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await WatchOnceAsync(backoff, cancellationToken).ConfigureAwait(false);
                LogStreamEnded(logger);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogStreamFailed(logger, e.GetType().Name, e.Message);
            }

            try
            {
                await Task.Delay(backoff.Next(), timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WatchOnceAsync(DecorrelatedBackoff backoff, CancellationToken cancellationToken)
    {
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = client.WatchAccessRequestsAsync(stream.Token).GetAsyncEnumerator(stream.Token);
        Interlocked.Increment(ref _streamsOpened);
        metrics.WatchStreamOpened();
        var first = events.MoveNextAsync().AsTask();
        try
        {
            bool any;
            try
            {
                any = await first.WaitAsync(options.InitTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"the watch did not deliver INIT within {options.InitTimeout}");
            }

            if (!any)
            {
                return;
            }

            if (events.Current.Kind != TeleportWatchEventKind.Init)
            {
                throw new InvalidOperationException($"the watch's first event was {events.Current.Kind}, not INIT");
            }

            backoff.Reset();
            await OnInitAsync(events.Current, cancellationToken).ConfigureAwait(false);
            while (await events.MoveNextAsync().ConfigureAwait(false))
            {
                var watchEvent = events.Current;
                if (watchEvent.Kind == TeleportWatchEventKind.Init)
                {
                    await OnInitAsync(watchEvent, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Handle(watchEvent, live: true);
                }
            }
        }
        finally
        {
            // A read may still be pending (INIT timeout, shutdown): cancel the stream and let it finish before the
            // enumerator is disposed, which an async iterator refuses to do mid-read.
            await stream.CancelAsync().ConfigureAwait(false);
            await ((Task)first).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogDisposeFailed(logger, e);
            }
        }
    }

    private async Task OnInitAsync(TeleportWatchEvent init, CancellationToken cancellationToken)
    {
        LogInit(logger);
        // The rules and the requests are listed at once, and the rules are in place before any listed request is
        // handed on. One after the other, the rules' round trip widened the window in which a request created just
        // after the INIT shows up in the listing and so is treated as listed (read before its first claim), not fresh.
        var rules = routing is null ? Task.CompletedTask : LoadRulesAsync(init.RulesWatched, cancellationToken);
        IReadOnlyList<Contracts.AccessRequestSnapshot> requests;
        try
        {
            // A failed list propagates: the stream is re-opened and the next INIT reconciles again.
            requests = await client.ListAccessRequestsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await rules.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await rules.ConfigureAwait(false);
        foreach (var request in requests)
        {
            Handle(TeleportWatchEvent.Put(request), live: false);
        }

        // Ready once the listing is handed on, not at the INIT itself: what a client creates after /readyz turned 200
        // is then never in the listing, so it is claimed as fresh, without a read.
        readiness.MarkWatchInitialized();
        LogReconciled(logger, requests.Count);
    }

    /// <summary>
    /// Reads the rules before the requests, so the reconcile routes by them. Without permission (the watch dropped the
    /// kind, or the listing is refused) or on a server without rules, routing is off; a failed call re-opens the stream.
    /// </summary>
    private async Task LoadRulesAsync(bool watched, CancellationToken cancellationToken)
    {
        if (!watched)
        {
            routing!.TurnOff("the host's Teleport role may not watch access_monitoring_rule (it needs list and read on it)");
            return;
        }

        try
        {
            routing!.Load(await client.ListAccessMonitoringRulesAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
        {
            routing!.TurnOff($"the host's Teleport role may not list access_monitoring_rule ({e.Status.Detail})");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            routing!.TurnOff("this Auth Service does not serve Access Monitoring Rules");
        }
    }

    /// <summary>Passes an event on; <paramref name="live"/> when it came from the stream, not the listing after an INIT.</summary>
    private void Handle(TeleportWatchEvent watchEvent, bool live)
    {
        try
        {
            switch (watchEvent)
            {
                case { Kind: TeleportWatchEventKind.Put, Rule: { } rule }:
                    routing?.Put(rule);
                    break;
                case { Kind: TeleportWatchEventKind.Delete, RuleName: { } ruleName }:
                    routing?.Delete(ruleName);
                    break;
                case { Kind: TeleportWatchEventKind.Put, Request: { } request }:
                    var added = cache.Put(request);
                    sink.Submit(request, deleted: false, fresh: live && added);
                    break;
                case { Kind: TeleportWatchEventKind.Delete, RequestId: { } id }:
                    if (cache.TryRemove(id, out var last))
                    {
                        sink.Submit(last, deleted: true, fresh: false);
                    }
                    else
                    {
                        LogDeleteOfUnknown(logger, id);
                    }

                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One bad event must not stop the watch.
            LogHandlerFailed(logger, e, watchEvent.Kind, watchEvent.RequestId ?? string.Empty);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Access request watch initialized; reconciling with the current requests")]
    private static partial void LogInit(ILogger logger);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Reconciled {Count} access requests")]
    private static partial void LogReconciled(ILogger logger, int count);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Access request watch failed ({ExceptionType}: {Reason}); re-opening it")]
    private static partial void LogStreamFailed(ILogger logger, string exceptionType, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Access request watch ended; re-opening it")]
    private static partial void LogStreamEnded(ILogger logger);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Request {RequestId} was deleted but never seen by this run; nothing to expire")]
    private static partial void LogDeleteOfUnknown(ILogger logger, string requestId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "Closing the watch stream failed")]
    private static partial void LogDisposeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "Handling a {Kind} event for request {RequestId} failed; the watch goes on")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, TeleportWatchEventKind kind, string requestId);
}
