using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Reminders;
using TeleportPlugins.Host.State;

namespace TeleportPlugins.Host.Dispatch;

/// <summary>
/// Decides the next step an adapter owes for a request, from the request and what the adapter's plugin data says was
/// done. The same rule serves live events, the reconcile, restarts and other replicas. Order: created, auto-review,
/// every review from <c>reviews_count</c> on, then resolved or expired; while the request stays pending and nothing
/// else is owed, the latest reminder due that was not done yet.
/// </summary>
/// <remarks>
/// Failure policy: a failed created step ends the request for that adapter (there is no message to update or reply
/// to); a failed review reply, auto-review, resolution or expiry is recorded and the following steps still run.
/// A request that ended (resolved, expired or deleted) before it was announced is still announced, with the final
/// snapshot, so that reviewers and auditors see it existed; its resolution or expiry then runs as an update of that
/// announcement. With <see cref="DispatchOptions.AnnounceEndedRequests"/> off it is not announced (the worker logs it).
/// </remarks>
internal static class StepPlanner
{
    /// <summary>The next step owed, or null when the adapter is up to date.</summary>
    /// <param name="request">The request as last seen.</param>
    /// <param name="deleted">Whether Teleport deleted it.</param>
    /// <param name="record">The adapter's plugin data.</param>
    /// <param name="autoApprove">Whether this adapter evaluates on-call auto-approval.</param>
    /// <param name="announceEnded">Whether a request that ended before it was announced is still announced.</param>
    /// <param name="reminders">The adapter's reminder schedule; null when it gets no reminders.</param>
    /// <param name="now">The time now, for the reminder due.</param>
    /// <returns>The step, or null.</returns>
    public static LifecycleStep? Next(
        AccessRequestSnapshot request, bool deleted, RequestRecord record, bool autoApprove, bool announceEnded, ReminderPlan? reminders = null, DateTimeOffset now = default)
    {
        if (IsFinished(record))
        {
            return null;
        }

        if (!record.IsCreated)
        {
            return IsUnannouncedEnd(request, deleted, record) && !announceEnded ? null : new LifecycleStep(StepKind.Created);
        }

        if (autoApprove && record.AutoReview.Length == 0 && !deleted && request.State == AccessRequestState.Pending)
        {
            return new LifecycleStep(StepKind.AutoReview);
        }

        if (record.ReviewsCount < request.Reviews.Count)
        {
            return new LifecycleStep(StepKind.ReviewAdded, record.ReviewsCount);
        }

        if (request.IsResolved)
        {
            return new LifecycleStep(StepKind.Resolved);
        }

        if (deleted)
        {
            return new LifecycleStep(StepKind.Expired);
        }

        if (reminders is not null && request.State == AccessRequestState.Pending
            && reminders.DueNumber(request.Created, now) is var due && due > record.RemindersDone)
        {
            return new LifecycleStep(StepKind.Reminder, due);
        }

        return null;
    }

    /// <summary>Whether the adapter owes nothing more for the request whatever happens to it: resolved, expired, or never announced for good.</summary>
    /// <param name="record">The adapter's plugin data.</param>
    /// <returns>True when no later event can make a step owed.</returns>
    public static bool IsFinished(RequestRecord record) => record.Failed.Contains("created") || record.Resolution.Length > 0;

    /// <summary>Whether the request ended (resolved, expired or deleted) before the adapter announced it.</summary>
    /// <param name="request">The request as last seen.</param>
    /// <param name="deleted">Whether Teleport deleted it.</param>
    /// <param name="record">The adapter's plugin data.</param>
    /// <returns>True when the created step is still owed for a request that is over.</returns>
    public static bool IsUnannouncedEnd(AccessRequestSnapshot request, bool deleted, RequestRecord record) =>
        !record.IsCreated && !record.Failed.Contains("created") && (deleted || request.IsResolved);
}
