using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Reminders;
using TeleportPlugins.Host.Routing;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.State;
using TeleportPlugins.Host.Watching;

namespace TeleportPlugins.Host.Dispatch;

/// <summary>
/// Delivers steps to one adapter: its own bounded queue of requests with work, a fixed number of consumers, and
/// per-request ordering through <see cref="RequestSlot"/>. A retry waits on a timer, not on a consumer, so it holds
/// up neither other requests of this adapter nor other adapters.
/// </summary>
internal sealed partial class AdapterWorker : IAsyncDisposable
{
    private static readonly TimeSpan BusyBackoffBase = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan BusyBackoffCap = TimeSpan.FromSeconds(2);

    // How many requests finished in memory after Teleport lost them are remembered, so a late event does not start them again.
    private const int GoneCapacity = 1024;

    // How many unfinished requests keep the record their last pass ended with, so that their next event costs no read.
    // Enough for the requests in flight at once in any realistic cluster; beyond it the oldest pays one read again.
    private const int KnownCapacity = 1024;

    // How far Teleport's clock may run ahead of ours when telling requests created after this worker started.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly ActiveAdapter _adapter;
    private readonly IOnCallApprover? _approver;
    private readonly IAccessReviewService _reviews;
    private readonly StepLedger _ledger;
    private readonly DispatchOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AdapterStepMetrics _metrics;
    private readonly RoutingRules? _routing;
    private readonly ReminderPlan? _reminders;
    private readonly Func<string, CancellationToken, Task<AccessRequestSnapshot?>>? _currentRequest;
    private readonly Channel<RequestSlot> _queue;
    private readonly Queue<RequestSlot> _overflow = new();
    private readonly Dictionary<string, RequestSlot> _slots = new(StringComparer.Ordinal);
    private readonly HashSet<string> _gone = new(StringComparer.Ordinal);
    private readonly Queue<string> _goneOrder = new();
    private readonly KnownRecords _known = new(KnownCapacity);
    private readonly List<(int Held, TaskCompletionSource Room)> _roomWaiters = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task[] _consumers = [];
    private DateTimeOffset _newAfter = DateTimeOffset.MaxValue;
    private int _listedUnpassed;
    private bool _overflowLogged;
    private bool _disposed;

    /// <summary>Creates the worker; <see cref="Start"/> starts it.</summary>
    public AdapterWorker(
        ActiveAdapter adapter,
        bool autoApprove,
        IAccessReviewService reviews,
        StepLedger ledger,
        DispatchOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        AdapterStepMetrics metrics,
        RoutingRules? routing = null,
        ReminderPlan? reminders = null,
        Func<string, CancellationToken, Task<AccessRequestSnapshot?>>? currentRequest = null)
    {
        _routing = routing;
        _reminders = adapter.Adapter is IReminderSender ? reminders : null;
        _currentRequest = currentRequest;
        _adapter = adapter;
        _approver = autoApprove ? adapter.Adapter as IOnCallApprover : null;
        _reviews = reviews;
        _ledger = ledger;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        _queue = Channel.CreateBounded<RequestSlot>(new BoundedChannelOptions(options.QueueCapacity) { SingleWriter = false, SingleReader = false });
        if (autoApprove && _approver is null)
        {
            LogNotAnApprover(_logger, Name);
        }
    }

    /// <summary>The adapter's name (its plugin data key).</summary>
    public string Name => _adapter.Name;

    /// <summary>Whether no request has work pending, running or waiting for a retry.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _slots.Count == 0;
            }
        }
    }

    /// <summary>Starts the consumers.</summary>
    public void Start()
    {
        _newAfter = _timeProvider.GetUtcNow() + ClockSkew;
        _consumers = [.. Enumerable.Range(0, _options.ConcurrencyPerAdapter).Select(_ => Task.Run(ConsumeAsync))];
    }

    /// <summary>How many requests this worker holds now (queued, running or waiting for a retry): what the listing's room bounds.</summary>
    internal int HeldRequests
    {
        get
        {
            lock (_gate)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>Takes a request as last seen; never blocks.</summary>
    /// <param name="request">The snapshot.</param>
    /// <param name="deleted">Whether Teleport deleted it.</param>
    /// <param name="fresh">Whether it is new since the watch started (<see cref="Watching.IRequestSink.Submit"/>).</param>
    public void Submit(AccessRequestSnapshot request, bool deleted, bool fresh) => Submit(request, deleted, fresh, listed: false);

    /// <summary>Takes a listed request (<see cref="Watching.IRequestSink.SubmitListed"/>); never blocks.</summary>
    /// <param name="request">The snapshot.</param>
    /// <param name="deleted">Whether Teleport deleted it.</param>
    public void SubmitListed(AccessRequestSnapshot request, bool deleted) => Submit(request, deleted, fresh: false, listed: true);

    /// <summary>Completes once at most <paramref name="held"/> listed requests wait for or run their first pass here, or the worker stops.</summary>
    /// <param name="held">How many may still be held.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when there is room.</returns>
    public Task WaitForListingRoomAsync(int held, CancellationToken cancellationToken)
    {
        TaskCompletionSource room;
        lock (_gate)
        {
            if (_listedUnpassed <= held || _stopping.IsCancellationRequested)
            {
                return Task.CompletedTask;
            }

            room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _roomWaiters.Add((held, room));
        }

        return room.Task.WaitAsync(cancellationToken);
    }

    private void Submit(AccessRequestSnapshot request, bool deleted, bool fresh, bool listed)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (!_slots.TryGetValue(request.Id, out var slot))
            {
                if (_gone.Contains(request.Id))
                {
                    // Finished in memory after Teleport lost it; a late DELETE event must not announce it again.
                    return;
                }

                // Only a slot the listing made counts against its room: one that exists already holds no more for it.
                slot = new RequestSlot(request.Id) { Known = _known.Take(request.Id), Fresh = fresh, Listed = listed };
                _slots.Add(request.Id, slot);
                _listedUnpassed += listed ? 1 : 0;
            }

            if (SnapshotProgress.IsAtLeastAsAdvanced(request, slot.Snapshot))
            {
                slot.Snapshot = request;
            }

            slot.Deleted |= deleted;
            slot.Dirty = true;
            if (!slot.Queued && !slot.Running && slot.Wake is null)
            {
                Enqueue(slot);
            }
        }
    }

    /// <summary>Stops taking work, lets running steps finish, and cancels them when <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">The host's shutdown deadline.</param>
    /// <returns>A task that completes when every consumer has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        StopTakingWork();
        using (cancellationToken.Register(() => _abort.Cancel()))
        {
            await Task.WhenAll(_consumers).ConfigureAwait(false);
        }
    }

    /// <summary>Stops at once, like a crash: running calls are cancelled and their claims left to expire.</summary>
    /// <returns>A task that completes when every consumer has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        StopTakingWork();
        await _abort.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_consumers).ConfigureAwait(false);
        _stopping.Dispose();
        _abort.Dispose();
    }

    private void StopTakingWork()
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();

            // Nothing more is taken, so a listing waiting for room here need not wait.
            foreach (var waiter in _roomWaiters)
            {
                waiter.Room.TrySetResult();
            }

            _roomWaiters.Clear();
            foreach (var slot in _slots.Values)
            {
                slot.Wake?.Dispose();
                slot.Wake = null;
                if (slot is { Deleted: true, Running: false, Owed: { } owed })
                {
                    // Teleport no longer lists the request, so the next run's reconcile cannot find what it owes.
                    GiveUp(slot.RequestId, owed, "the host stopped after Teleport deleted the request", "a restart cannot recover it");
                }
            }
        }
    }

    // Called under _gate.
    private void Enqueue(RequestSlot slot)
    {
        slot.Queued = true;
        if (_overflow.Count > 0 || !_queue.Writer.TryWrite(slot))
        {
            // The watcher must never wait on one adapter; the slot table already coalesces events per request, so
            // parking the slot costs one reference and loses nothing.
            _overflow.Enqueue(slot);
            if (!_overflowLogged)
            {
                _overflowLogged = true;
                LogQueueFull(_logger, Name, _options.QueueCapacity);
            }
        }
    }

    // Called under _gate.
    private void DrainOverflow()
    {
        while (_overflow.TryPeek(out var parked) && _queue.Writer.TryWrite(parked))
        {
            _overflow.Dequeue();
        }

        if (_overflow.Count == 0)
        {
            _overflowLogged = false;
        }
    }

    private async Task ConsumeAsync()
    {
        try
        {
            await foreach (var slot in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                await RunSlotAsync(slot).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: queued work stays owed in plugin data and is found again by the next run's reconcile.
        }
    }

    private async Task RunSlotAsync(RequestSlot slot)
    {
        AccessRequestSnapshot request;
        bool deleted;
        lock (_gate)
        {
            DrainOverflow();
            slot.Queued = false;
            slot.Running = true;
            slot.Dirty = false;
            request = slot.Snapshot!;
            deleted = slot.Deleted;
        }

        TimeSpan? wait;
        try
        {
            wait = await ProcessAsync(slot, request, deleted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Aborted mid-step: leave any claim in place; it expires and another run performs the step.
            return;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound && slot.Detached is null)
        {
            // Teleport deleted the request before any plugin data was written for it, so none can be written now.
            // What is owed (the announcement with the final state) is carried on in memory with the snapshot last seen.
            LogRequestGone(_logger, Name, request.Id);
            slot.Known = null;
            slot.Detached = new DetachedRecord(_timeProvider);
            lock (_gate)
            {
                slot.Deleted = true;
                slot.Dirty = true;
            }

            wait = null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Teleport unreachable or refusing the plugin data: nothing is recorded, so try the pass again later. A write
            // that failed this way may still have been stored, so what this worker knew of the record is only a guess now:
            // the next pass reads it.
            slot.Known = null;
            slot.BusyBackoff ??= new DecorrelatedBackoff(_options.RetryMin, _options.RetryMax);
            wait = slot.BusyBackoff.Next();
            LogStateUnavailable(_logger, e, Name, request.Id, wait.Value);
        }

        lock (_gate)
        {
            slot.Running = false;
            FirstPassEnded(slot);
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (wait is { } delay)
            {
                slot.Wake = _timeProvider.CreateTimer(_ => Wake(slot), null, delay, Timeout.InfiniteTimeSpan);
            }
            else if (slot.Dirty)
            {
                Enqueue(slot);
            }
            else
            {
                _slots.Remove(slot.RequestId);
                if (slot.Detached is not null)
                {
                    RememberGone(slot.RequestId);
                }
                else if (slot is { Deleted: false, Known: { Claim: null } known } && !StepPlanner.IsFinished(known))
                {
                    // Kept for the request's next event. Not a record holding another replica's claim: that one is about
                    // to change, and planning from it would wait on a claim that may be gone by then.
                    _known.Put(slot.RequestId, known);
                }
            }
        }
    }

    // Called under _gate. A listed request leaves the listing's room after its first pass, even when it waits for a
    // retry then: a failing adapter must not stall the reconcile of the others (its retries hold their slots meanwhile).
    private void FirstPassEnded(RequestSlot slot)
    {
        if (!slot.Listed)
        {
            return;
        }

        slot.Listed = false;
        _listedUnpassed--;
        _roomWaiters.RemoveAll(waiter => _listedUnpassed <= waiter.Held && waiter.Room.TrySetResult());
    }

    // Called under _gate.
    private void RememberGone(string requestId)
    {
        if (_gone.Add(requestId))
        {
            _goneOrder.Enqueue(requestId);
            if (_goneOrder.Count > GoneCapacity)
            {
                _gone.Remove(_goneOrder.Dequeue());
            }
        }
    }

    private void Wake(RequestSlot slot)
    {
        lock (_gate)
        {
            slot.Wake?.Dispose();
            slot.Wake = null;
            if (_stopping.IsCancellationRequested || slot.Running || slot.Queued)
            {
                return;
            }

            slot.Dirty = true;
            Enqueue(slot);
        }
    }

    /// <summary>Performs every step owed, in order. Returns a delay when the pass must be repeated later.</summary>
    private async Task<TimeSpan?> ProcessAsync(RequestSlot slot, AccessRequestSnapshot request, bool deleted)
    {
        var token = _abort.Token;
        LifecycleStep? Plan(RequestRecord record) =>
            StepPlanner.Next(request, deleted, record, _approver is not null, _options.AnnounceEndedRequests, _reminders, _timeProvider.GetUtcNow());

        while (!_stopping.IsCancellationRequested)
        {
            // Plan from the record the last write returned (or the last read) when there is one: the claim's
            // compare-and-swap checks that guess, and a wrong one costs the read it saved.
            var record = slot.Detached?.Current ?? slot.Known ?? (GuessEmpty(slot, request, Plan)
                ? RequestRecord.Empty
                : await _ledger.ReadAsync(request.Id, Name, token).ConfigureAwait(false));
            slot.Known = slot.Detached is null ? record : null;
            var step = Plan(record);
            slot.Owed = step;
            if (step is null)
            {
                if (StepPlanner.IsUnannouncedEnd(request, deleted, record))
                {
                    LogEndedNotAnnounced(_logger, Name, request.Id);
                }

                return null;
            }

            var claim = slot.Detached?.Claim(step, Plan) ?? await _ledger.ClaimAsync(request.Id, Name, step, Plan, record, token).ConfigureAwait(false);
            if (claim.Outcome == ClaimOutcome.NotOwed)
            {
                // Done or failed meanwhile (by another replica): the claim read the record that shows it, re-plan from that.
                slot.Known = slot.Detached is null ? claim.Record : null;
                continue;
            }

            if (claim.Outcome == ClaimOutcome.Busy)
            {
                // Another replica is on it. Nothing announces its confirm, so look again soon (and at the latest
                // when its claim turns stale), reading the record then rather than guessing: its confirm changes it.
                slot.Owed = null;
                slot.Known = null;
                slot.BusyBackoff ??= new DecorrelatedBackoff(BusyBackoffBase, BusyBackoffCap);
                var next = slot.BusyBackoff.Next();
                return next < claim.RetryIn ? next : claim.RetryIn;
            }

            slot.BusyBackoff = null;
            slot.Known = slot.Detached is null ? claim.Record : null;
            if (step.Kind == StepKind.Reminder && slot.Detached is null && _currentRequest is not null)
            {
                // The snapshot may be older than Teleport's request (its resolution still on the way): ask Teleport
                // right before sending, and let the claim go unused when the request is no longer pending.
                var latest = await _currentRequest(request.Id, token).ConfigureAwait(false);
                if (latest is not { State: AccessRequestState.Pending })
                {
                    LogReminderWithdrawn(_logger, Name, request.Id, step.Name);
                    slot.Known = await _ledger.ReleaseAsync(request.Id, Name, claim.Claim!, [], claim.Resumed, claim.Record, token).ConfigureAwait(false);
                    deleted |= latest is null;
                    request = latest ?? request;
                    lock (_gate)
                    {
                        slot.Snapshot = request;
                        slot.Deleted |= deleted;
                    }

                    continue;
                }
            }

            var claimedAt = _timeProvider.GetTimestamp();
            var state = claim.Record!.ToAdapterState();
            var before = state.ToDictionary();
            if (claim.Resumed is { } resumed)
            {
                LogStepResumed(_logger, Name, request.Id, step.Name, resumed.Step, resumed.ClaimedAt);
                _metrics.Resumed(step.Kind);
            }

            var (error, autoReview) = await PerformAsync(step, request, state, claim.Resumed, token).ConfigureAwait(false);
            if (error is null)
            {
                slot.Retry = null;
                if (await ConfirmAsync(slot, request, step, claim.Claim!, new StepCompletion(step, before, state.ToDictionary(), Failed: false, request.State, autoReview), token).ConfigureAwait(false))
                {
                    _metrics.Delivered(step.Kind, _timeProvider.GetElapsedTime(claimedAt));
                    if (step.Kind == StepKind.Reminder)
                    {
                        var escalated = _reminders!.EscalationFor(step.ReviewIndex).Count > 0;
                        LogReminderSent(_logger, Name, request.Id, step.ReviewIndex, escalated);
                    }
                }

                continue;
            }

            var now = _timeProvider.GetUtcNow();
            if (!FailureClassifier.IsTransient(error, out var retryAfter))
            {
                slot.Retry = null;
                await RecordFailedAsync(slot, request, step, claim.Claim!, before, state.ToDictionary(), "a permanent failure", error, token).ConfigureAwait(false);
                continue;
            }

            var retry = slot.Retry is { } current && current.Step == step.Name
                ? current
                : new RetryState(step.Name, now, new DecorrelatedBackoff(_options.RetryMin, _options.RetryMax));
            if (now - retry.FirstFailure >= _options.MaxRetryAge)
            {
                slot.Retry = null;
                await RecordFailedAsync(slot, request, step, claim.Claim!, before, state.ToDictionary(), $"transient failures for {_options.MaxRetryAge}", error, token).ConfigureAwait(false);
                continue;
            }

            slot.Retry = retry;
            var delay = retry.NextDelay(retryAfter);

            LogStepRetrying(_logger, Name, request.Id, step.Name, delay, error.GetType().Name, error.Message);
            _metrics.Count(step.Kind, StepOutcome.Retried);
            var kept = StepCompletion.AdapterChanges(before, state.ToDictionary());

            // A call that timed out or lost its connection may have done its work in the tool all the same: like an
            // attempt cut short by a crash, its retries are told to look there before creating anything again.
            var resumption = claim.Resumed ?? (FailureClassifier.MayHaveReachedTool(error) ? new StepResumption(step.Name, claim.Claim!.At) : null);
            if (slot.Detached is { } detached)
            {
                detached.Release(step, kept, resumption);
            }
            else
            {
                slot.Known = await _ledger.ReleaseAsync(request.Id, Name, claim.Claim!, kept, resumption, claim.Record, token).ConfigureAwait(false);
            }

            return delay;
        }

        return null;
    }

    /// <summary>
    /// Whether the request is new since the watch started (first seen in a live event, not in a listing) or was created
    /// after this worker started (by its creation time, with a margin for clock skew), so that only this host (this
    /// replica or another, whose every entry holds a host key) can have written its plugin data: its first step is
    /// claimed without a read, guessing an empty entry. The claim expects every host key absent, so an entry of another replica fails the compare-and-swap
    /// and is read then. An older request may carry an entry of Teleport's own plugins, which has none of the host's keys
    /// and which an expectation cannot rule out (Teleport checks only the keys it names), so it is read first.
    /// </summary>
    /// <remarks>
    /// Only once per slot: after a failed guess, or while another replica holds a claim, the record is read. Never to
    /// conclude that nothing is owed (the empty entry's plan must be a step, which the claim then checks).
    /// </remarks>
    private bool GuessEmpty(RequestSlot slot, AccessRequestSnapshot request, Func<RequestRecord, LifecycleStep?> plan)
    {
        if (slot.GuessedEmpty || !(slot.Fresh || request.Created > _newAfter) || plan(RequestRecord.Empty) is null)
        {
            return false;
        }

        slot.GuessedEmpty = true;
        return true;
    }

    /// <summary>Records the step; false when another replica took the claim over meanwhile, so nothing was recorded.</summary>
    private async Task<bool> ConfirmAsync(RequestSlot slot, AccessRequestSnapshot request, LifecycleStep step, StepClaim claim, StepCompletion completion, CancellationToken cancellationToken)
    {
        if (slot.Detached is { } detached)
        {
            detached.Confirm(completion);
        }
        else
        {
            // The next step is planned from the confirmed record (or, when the claim was lost, from a fresh read).
            slot.Known = await _ledger.ConfirmAsync(request.Id, Name, claim, completion, slot.Known, cancellationToken).ConfigureAwait(false);
            if (slot.Known is null)
            {
                return false;
            }
        }

        LogStepDone(_logger, Name, request.Id, step.Name, completion.Failed);
        return true;
    }

    private async Task RecordFailedAsync(
        RequestSlot slot,
        AccessRequestSnapshot request,
        LifecycleStep step,
        StepClaim claim,
        IReadOnlyDictionary<string, string> before,
        IReadOnlyDictionary<string, string> after,
        string cause,
        Exception error,
        CancellationToken cancellationToken)
    {
        // What the adapter managed before failing (a message posted to some recipients) is kept: later steps update it.
        // When the confirm loses the claim, another replica performs the step, so this one has not given it up.
        if (await ConfirmAsync(slot, request, step, claim, new StepCompletion(step, before, after, Failed: true, request.State), cancellationToken).ConfigureAwait(false))
        {
            GiveUp(request.Id, step, cause, $"{error.GetType().Name}: {error.Message}");
            if (step.Kind == StepKind.Created)
            {
                LogLaterStepsSkipped(_logger, Name, request.Id);
            }
        }
    }

    /// <summary>A step given up for good: the error line, the <c>failed</c> count and the <c>/readyz</c> note.</summary>
    private void GiveUp(string requestId, LifecycleStep step, string cause, string reason)
    {
        LogStepFailed(_logger, Name, requestId, step.Name, cause, reason);
        _metrics.GaveUp(step, requestId, $"{cause}: {reason}");
    }

    /// <summary>Calls the adapter once, within the call timeout. Returns the failure, if any, and the auto-review outcome.</summary>
    private async Task<(Exception? Error, string AutoReview)> PerformAsync(
        LifecycleStep step, AccessRequestSnapshot request, AdapterRequestState state, StepResumption? resumed, CancellationToken abort)
    {
        using var timeout = new CancellationTokenSource(_options.CallTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(abort, timeout.Token);
        try
        {
            // WaitAsync also abandons an adapter that ignores its token.
            var autoReview = await CallAsync(step, request, state, resumed, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
            return (null, autoReview);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (new TimeoutException($"the adapter call did not finish within {_options.CallTimeout}"), string.Empty);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (e, string.Empty);
        }
    }

    private async Task<string> CallAsync(LifecycleStep step, AccessRequestSnapshot request, AdapterRequestState state, StepResumption? resumed, CancellationToken cancellationToken)
    {
        var adapter = _adapter.Adapter;

        // Evaluated when the step runs, so a rule created, changed or deleted meanwhile counts for every later step.
        var routed = step.Kind == StepKind.AutoReview || _routing is null ? null : await _routing.RecipientsForAsync(Name, request, cancellationToken).ConfigureAwait(false);
        switch (step.Kind)
        {
            case StepKind.Created:
                await adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, state) { Resumed = resumed, RoutedRecipients = routed }, cancellationToken).ConfigureAwait(false);
                return string.Empty;
            case StepKind.AutoReview:
                return await AutoReviewAsync(request, cancellationToken).ConfigureAwait(false);
            case StepKind.ReviewAdded:
                var review = request.Reviews[step.ReviewIndex];
                await adapter.OnReviewAddedAsync(new ReviewAddedContext(request, state, review, step.ReviewIndex) { Resumed = resumed, RoutedRecipients = routed }, cancellationToken).ConfigureAwait(false);
                return string.Empty;
            case StepKind.Resolved:
                await adapter.OnRequestResolvedAsync(new RequestResolvedContext(request, state) { Resumed = resumed, RoutedRecipients = routed }, cancellationToken).ConfigureAwait(false);
                return string.Empty;
            case StepKind.Expired:
                await adapter.OnRequestExpiredAsync(new RequestExpiredContext(request, state) { Resumed = resumed, RoutedRecipients = routed }, cancellationToken).ConfigureAwait(false);
                return string.Empty;
            case StepKind.Reminder:
                var reminder = new RequestReminderContext(request, state, step.ReviewIndex, _reminders!.EscalationFor(step.ReviewIndex)) { Resumed = resumed, RoutedRecipients = routed };
                await ((IReminderSender)adapter).OnReminderAsync(reminder, cancellationToken).ConfigureAwait(false);
                return string.Empty;
            default:
                throw new InvalidOperationException($"Unknown step {step}.");
        }
    }

    private async Task<string> AutoReviewAsync(AccessRequestSnapshot request, CancellationToken cancellationToken)
    {
        var decision = await _approver!.EvaluateAsync(request, cancellationToken).ConfigureAwait(false);
        if (!decision.Approve)
        {
            LogNotOnCall(_logger, Name, request.Id, decision.Evidence);
            return "not_on_call";
        }

        var reason = $"Access request has been automatically approved by the {Name} adapter: {decision.Evidence}";
        var outcome = await _reviews.SubmitReviewAsync(request.Id, AccessRequestState.Approved, reason, cancellationToken).ConfigureAwait(false);
        LogAutoApproved(_logger, Name, request.Id, outcome, decision.Evidence);
        return outcome switch
        {
            ReviewOutcome.Applied => "approved",
            ReviewOutcome.AlreadyDone => "already_done",
            _ => "request_not_found",
        };
    }

    [LoggerMessage(EventId = 2215, Level = LogLevel.Information, Message = "Adapter {Adapter}, request {RequestId}: step {Step} resumes an attempt at {EarlierStep} claimed at {ClaimedAt:o} and never confirmed; the adapter looks in the tool before creating anything again")]
    private static partial void LogStepResumed(ILogger logger, string adapter, string requestId, string step, string earlierStep, DateTimeOffset claimedAt);

    [LoggerMessage(EventId = 2216, Level = LogLevel.Information, Message = "Adapter {Adapter}, request {RequestId}: reminder {Number} sent to the reviewers (escalated: {Escalated})")]
    private static partial void LogReminderSent(ILogger logger, string adapter, string requestId, int number, bool escalated);

    [LoggerMessage(EventId = 2217, Level = LogLevel.Information, Message = "Adapter {Adapter}, request {RequestId}: {Step} not sent; Teleport says the request is no longer pending")]
    private static partial void LogReminderWithdrawn(ILogger logger, string adapter, string requestId, string step);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Adapter {Adapter}, request {RequestId}: step {Step} given up for good after {Cause}: {Reason}")]
    private static partial void LogStepFailed(ILogger logger, string adapter, string requestId, string step, string cause, string reason);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Adapter {Adapter}, request {RequestId}: step {Step} failed ({ExceptionType}: {Reason}); retrying in {Delay}")]
    private static partial void LogStepRetrying(ILogger logger, string adapter, string requestId, string step, TimeSpan delay, string exceptionType, string reason);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Adapter {Adapter}, request {RequestId}: the request was never announced, so its later steps are skipped for this adapter")]
    private static partial void LogLaterStepsSkipped(ILogger logger, string adapter, string requestId);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Debug, Message = "Adapter {Adapter}, request {RequestId}: step {Step} recorded (failed: {Failed})")]
    private static partial void LogStepDone(ILogger logger, string adapter, string requestId, string step, bool failed);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Adapter {Adapter}: its queue of {Capacity} requests is full; further requests wait in order in the overflow list")]
    private static partial void LogQueueFull(ILogger logger, string adapter, int capacity);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Warning, Message = "Adapter {Adapter}, request {RequestId}: cannot read or write its plugin data; trying again in {Delay}")]
    private static partial void LogStateUnavailable(ILogger logger, Exception exception, string adapter, string requestId, TimeSpan delay);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Information, Message = "Adapter {Adapter}, request {RequestId}: automatic approval submitted ({Outcome}): {Evidence}")]
    private static partial void LogAutoApproved(ILogger logger, string adapter, string requestId, ReviewOutcome outcome, string evidence);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Information, Message = "Adapter {Adapter}, request {RequestId}: not approved automatically: {Reason}")]
    private static partial void LogNotOnCall(ILogger logger, string adapter, string requestId, string reason);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Warning, Message = "Adapter {Adapter}, request {RequestId}: Teleport deleted the request before any plugin data was written for it; what is still owed is delivered from the last snapshot seen, tracked in memory only")]
    private static partial void LogRequestGone(ILogger logger, string adapter, string requestId);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Information, Message = "Adapter {Adapter}, request {RequestId}: the request ended before it was announced and [dispatch] announce_ended_requests is off, so it is not announced")]
    private static partial void LogEndedNotAnnounced(ILogger logger, string adapter, string requestId);

    [LoggerMessage(EventId = 2209, Level = LogLevel.Warning, Message = "Adapter {Adapter} is listed in [dispatch] auto_approve but does not evaluate on-call approval; ignored")]
    private static partial void LogNotAnApprover(ILogger logger, string adapter);
}
