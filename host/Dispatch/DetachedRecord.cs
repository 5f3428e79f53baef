using TeleportPlugins.Contracts;
using TeleportPlugins.Host.State;

namespace TeleportPlugins.Host.Dispatch;

/// <summary>
/// The bookkeeping of a request that Teleport deleted before any plugin data was written for it, so that none can be
/// written now (Teleport answers NotFound). The steps still owed (the announcement with the final state, then its
/// expiry) are recorded here, in memory, with the same rules as plugin data. Limits: nothing here survives a restart,
/// and with several replicas each one that saw the request announces it, because there is nothing left in Teleport to
/// coordinate through.
/// </summary>
/// <param name="timeProvider">Dates the in-memory claims and confirms.</param>
internal sealed class DetachedRecord(TimeProvider timeProvider)
{
    private const string Replica = "detached";

    private StepResumption? _resumed;

    /// <summary>The record as it stands.</summary>
    public RequestRecord Current { get; private set; } = RequestRecord.Empty;

    /// <summary>Claims <paramref name="step"/> when <paramref name="plan"/> still says it is owed (only this worker can hold it).</summary>
    /// <param name="step">The step.</param>
    /// <param name="plan">The next step owed for a record.</param>
    /// <returns>Claimed or not owed.</returns>
    public ClaimResult Claim(LifecycleStep step, Func<RequestRecord, LifecycleStep?> plan) =>
        plan(Current) == step
            ? new ClaimResult(ClaimOutcome.Claimed, Current, new StepClaim(step.Name, Replica, timeProvider.GetUtcNow()), TimeSpan.Zero, _resumed)
            : new ClaimResult(ClaimOutcome.NotOwed, Current, null, TimeSpan.Zero);

    /// <summary>Records the step as done or failed for good.</summary>
    /// <param name="completion">What to record.</param>
    public void Confirm(StepCompletion completion)
    {
        Current = new RequestRecord(completion.Apply(Current, timeProvider.GetUtcNow()));
        _resumed = null;
    }

    /// <summary>Keeps what a failed attempt managed, so that its retry does not repeat it.</summary>
    /// <param name="step">The step to retry.</param>
    /// <param name="adapterChanges">The adapter's own keys it changed during the attempt.</param>
    /// <param name="resumed">An attempt that may have reached the tool unrecorded, for the retry to look for; null: none.</param>
    public void Release(LifecycleStep step, IEnumerable<KeyValuePair<string, string>> adapterChanges, StepResumption? resumed)
    {
        Current = new RequestRecord(StepLedger.With(Current.Data, adapterChanges.Append(new(HostKeys.Retrying, step.Name))));
        _resumed = resumed;
    }
}
