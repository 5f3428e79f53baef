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
/// (the reconcile): nothing that happened while disconnected or stopped is lost. The listing is handed on page by page as
/// the adapters make room, while the stream is read on, so its memory stays bounded and live events do not wait behind
/// it. The same watch carries the Access
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
    private readonly Lock _handling = new();
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
        ListingRound? round = null;
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
            round = await OnInitAsync(events.Current, stream, cancellationToken).ConfigureAwait(false);

            // The stream is read on while the listing is handed on in the background: Teleport closes a watcher that
            // falls behind, and a request created now is announced without waiting for the whole reconcile.
            while (await events.MoveNextAsync().ConfigureAwait(false))
            {
                var watchEvent = events.Current;
                if (watchEvent.Kind == TeleportWatchEventKind.Init)
                {
                    // Teleport sends one INIT per stream; should a server send another, a new stream starts the reconcile over.
                    throw new InvalidOperationException("the watch sent a second INIT");
                }

                Handle(watchEvent, round);
            }
        }
        catch (Exception) when (round?.Failure is { } failure && !cancellationToken.IsCancellationRequested)
        {
            // The listing failed and closed the stream: report its cause; the next stream's INIT reconciles again.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            // A read may still be pending (INIT timeout, shutdown): cancel the stream and let it finish before the
            // enumerator is disposed, which an async iterator refuses to do mid-read. The listing goes with the stream.
            await stream.CancelAsync().ConfigureAwait(false);
            await ((Task)first).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (round is not null)
            {
                await round.Rest.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

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

    /// <summary>
    /// Lists the rules and the first page of requests, hands that page on and marks the host ready; the other pages are
    /// handed on in the background (<see cref="ListingRound.Rest"/>) as the adapters make room for them.
    /// </summary>
    private async Task<ListingRound> OnInitAsync(TeleportWatchEvent init, CancellationTokenSource stream, CancellationToken cancellationToken)
    {
        LogInit(logger);
        var round = new ListingRound(timeProvider.GetUtcNow());

        // The rules and the requests are listed at once, and the rules are in place before any listed request is
        // handed on. One after the other, the rules' round trip widened the window in which a request created just
        // after the INIT shows up in the listing and so is treated as listed (read before its first claim), not fresh.
        var rules = routing is null ? Task.CompletedTask : LoadRulesAsync(init.RulesWatched, cancellationToken);
        var pages = client.ListAccessRequestPagesAsync(stream.Token).GetAsyncEnumerator(stream.Token);
        bool any;
        try
        {
            // A failed list propagates: the stream is re-opened and the next INIT reconciles again.
            any = await pages.MoveNextAsync().ConfigureAwait(false);
            await rules.ConfigureAwait(false);
        }
        catch
        {
            await rules.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await pages.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var handed = any ? HandOn(pages.Current, round) : 0;

        // Ready once the first page is handed on, not at the INIT itself nor after the whole reconcile (minutes for
        // 100,000 pending requests). A request created after the INIT is fresh when its live event comes first, told by
        // its creation time while the listing runs (see Handle), so one created after /readyz turned 200 is claimed
        // without a read.
        readiness.MarkWatchInitialized();
        if (!any)
        {
            await pages.DisposeAsync().ConfigureAwait(false);
            round.Complete();
            LogReconciled(logger, 0);
            return round;
        }

        round.Rest = Task.Run(() => HandOnTheRestAsync(round, pages, handed, pages.Current.Count, stream), CancellationToken.None);
        return round;
    }

    /// <summary>
    /// Hands on the listing's other pages. The next page is asked for only once every adapter holds at most one page of
    /// listed requests not yet passed, so at most two pages' worth are held per adapter, whatever the size of the listing.
    /// </summary>
    private async Task HandOnTheRestAsync(
        ListingRound round, IAsyncEnumerator<IReadOnlyList<Contracts.AccessRequestSnapshot>> pages, int handed, int pageSize, CancellationTokenSource stream)
    {
        try
        {
            while (true)
            {
                await sink.WaitForListingRoomAsync(pageSize, stream.Token).ConfigureAwait(false);
                if (!await pages.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                handed += HandOn(pages.Current, round);
                pageSize = Math.Max(pageSize, pages.Current.Count);
            }

            round.Complete();
            LogReconciled(logger, handed);
        }
        catch (OperationCanceledException) when (stream.IsCancellationRequested)
        {
            // The stream ended (or the host stops): the next stream's INIT lists again.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Like a failed first page: the stream is re-opened and the next INIT reconciles again.
            round.Fail(e);
            await stream.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            await pages.DisposeAsync().ConfigureAwait(false);
        }
    }

    private int HandOn(IReadOnlyList<Contracts.AccessRequestSnapshot> page, ListingRound round)
    {
        foreach (var request in page)
        {
            Handle(TeleportWatchEvent.Put(request), round, listed: true);
        }

        return page.Count;
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

    /// <summary>
    /// Passes an event on, from the stream or (<paramref name="listed"/>) from the listing of <paramref name="round"/>. The
    /// two run at once, so one at a time: a DELETE and the listed snapshot of the same request must not cross.
    /// </summary>
    private void Handle(TeleportWatchEvent watchEvent, ListingRound round, bool listed = false)
    {
        lock (_handling)
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
                    case { Kind: TeleportWatchEventKind.Put, Request: { } request } when listed:
                        if (round.DeletedMeanwhile.Remove(request.Id))
                        {
                            // Its page was read before the DELETE arrived: it is gone, so it is handed on as deleted.
                            sink.SubmitListed(request, deleted: true);
                        }
                        else
                        {
                            cache.Put(request, out var latest);
                            sink.SubmitListed(latest, deleted: false);
                        }

                        break;
                    case { Kind: TeleportWatchEventKind.Put, Request: { } request }:
                        // New since the watch started when never seen before. While the listing runs, a request not seen
                        // yet may also be an older one on a page not read yet: only one created after the INIT is new then.
                        // A wrong guess costs a failed compare-and-swap and a read (host/README.md).
                        var added = cache.Put(request, out _);
                        sink.Submit(request, deleted: false, fresh: added && (round.Done || request.Created > round.InitAt));
                        break;
                    case { Kind: TeleportWatchEventKind.Delete, RequestId: { } id }:
                        if (cache.TryRemove(id, out var last))
                        {
                            sink.Submit(last, deleted: true, fresh: false);
                        }
                        else
                        {
                            if (!round.Done)
                            {
                                round.DeletedMeanwhile.Add(id);
                            }

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
