using System.Globalization;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.State;

/// <summary>
/// The claim protocol on plugin data. CLAIM: set <c>tp_claim = step|replica|unix ms</c> by compare-and-swap while
/// the step is still owed and nobody else holds a live claim. PERFORM: the caller calls the adapter. CONFIRM: write
/// the adapter's changed keys, advance the bookkeeping and clear the claim in one compare-and-swap that expects our
/// claim. A claim older than the TTL belongs to a replica that died between claim and confirm, so it is taken over
/// and the step performed again, with the adapter told (<see cref="StepResumption"/>) so that it looks in the tool for
/// what the earlier attempt left before creating anything: exactly-once wherever the tool can be searched.
/// </summary>
internal sealed partial class StepLedger(PluginDataStore store, string replicaId, TimeSpan claimTtl, TimeProvider timeProvider, ILogger<StepLedger> logger)
{
    /// <summary>This replica's ID, as written in claims.</summary>
    public string ReplicaId => replicaId;

    /// <summary>Reads the record.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="plugin">The adapter's name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record.</returns>
    public Task<RequestRecord> ReadAsync(string requestId, string plugin, CancellationToken cancellationToken) =>
        store.ReadAsync(requestId, plugin, cancellationToken);

    /// <summary>Claims <paramref name="step"/> if <paramref name="plan"/> still says it is the next one owed.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="plugin">The adapter's name.</param>
    /// <param name="step">The step to claim.</param>
    /// <param name="plan">The next step owed for a record.</param>
    /// <param name="known">The record <paramref name="step"/> was planned from, or null to read it first.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>What happened, with the record as it stood: plan the next step from it without reading again.</returns>
    public async Task<ClaimResult> ClaimAsync(
        string requestId, string plugin, LifecycleStep step, Func<RequestRecord, LifecycleStep?> plan, RequestRecord? known, CancellationToken cancellationToken)
    {
        ClaimResult? declined = null;
        StepClaim? mine = null;
        StepClaim? stale = null;
        StepClaim? earlier = null;
        var update = await store.UpdateAsync(requestId, plugin, known, record =>
        {
            stale = null;
            earlier = record.Claim ?? StepClaim.Parse(record.Get(HostKeys.Resumed));
            if (plan(record) != step)
            {
                declined = new ClaimResult(ClaimOutcome.NotOwed, record, null, TimeSpan.Zero);
                return null;
            }

            var now = timeProvider.GetUtcNow();
            if (record.Claim is { } held && !string.Equals(held.Replica, replicaId, StringComparison.Ordinal))
            {
                var age = now - held.At;
                if (age < claimTtl)
                {
                    declined = new ClaimResult(ClaimOutcome.Busy, record, null, claimTtl - age);
                    return null;
                }

                stale = held;
            }

            mine = new StepClaim(step.Name, replicaId, now);
            return With(record.Data, [new(HostKeys.Claim, mine.Format())]);
        }, cancellationToken).ConfigureAwait(false);

        if (!update.Written)
        {
            return declined!;
        }

        if (stale is not null)
        {
            LogStaleClaimTakenOver(logger, plugin, requestId, step.Name, stale.Step, stale.Replica, stale.At);
        }

        // Any claim still there was never confirmed or released: a stale one from a replica that stopped, or our own
        // replica's when releasing it failed. Either way its attempt may have reached the tool. A released attempt that
        // had itself resumed one left that claim in tp_resumed: its retries still look.
        var resumed = earlier is null ? null : new StepResumption(earlier.Step, earlier.At);
        return new ClaimResult(ClaimOutcome.Claimed, update.Record, mine, TimeSpan.Zero, resumed);
    }

    /// <summary>
    /// Records the step as done (or failed for good): the adapter's changed keys, the bookkeeping, and the claim
    /// cleared, expecting our claim.
    /// </summary>
    /// <param name="requestId">The request.</param>
    /// <param name="plugin">The adapter's name.</param>
    /// <param name="claim">Our claim.</param>
    /// <param name="completion">What to record.</param>
    /// <param name="claimed">The record our claim wrote (<see cref="ClaimResult.Record"/>), or null to read it first.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The record as confirmed, to plan the next step from; null when our claim was taken over meanwhile, so nothing was written.</returns>
    public async Task<RequestRecord?> ConfirmAsync(
        string requestId, string plugin, StepClaim claim, StepCompletion completion, RequestRecord? claimed, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var update = await store.UpdateAsync(requestId, plugin, claimed, record => IsOurs(record, claim) ? completion.Apply(record, now) : null, cancellationToken)
            .ConfigureAwait(false);
        if (!update.Written)
        {
            LogClaimLost(logger, plugin, requestId, claim.Step);
            return null;
        }

        return update.Record;
    }

    /// <summary>
    /// Gives up our claim without advancing the bookkeeping, so that any replica may retry the step, but keeps what the
    /// adapter wrote before it failed (messages already posted), so that the retry does not post them again.
    /// </summary>
    /// <param name="requestId">The request.</param>
    /// <param name="plugin">The adapter's name.</param>
    /// <param name="claim">Our claim.</param>
    /// <param name="adapterChanges">The adapter's own keys it changed during the failed attempt.</param>
    /// <param name="resumed">
    /// When the failed attempt resumed an unconfirmed one, that one; when it may itself have reached the tool (it timed
    /// out or lost its connection), itself: kept so that retries look in the tool too.
    /// </param>
    /// <param name="claimed">The record our claim wrote (<see cref="ClaimResult.Record"/>), or null to read it first.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The record as released, for the retry's claim; null when our claim was no longer there.</returns>
    public async Task<RequestRecord?> ReleaseAsync(
        string requestId,
        string plugin,
        StepClaim claim,
        IEnumerable<KeyValuePair<string, string>> adapterChanges,
        StepResumption? resumed,
        RequestRecord? claimed,
        CancellationToken cancellationToken)
    {
        var kept = resumed is null ? string.Empty : new StepClaim(resumed.Step, string.Empty, resumed.ClaimedAt).Format();
        var update = await store.UpdateAsync(
            requestId,
            plugin,
            claimed,
            record => IsOurs(record, claim)
                ? With(record.Data, adapterChanges.Append(new(HostKeys.Claim, string.Empty)).Append(new(HostKeys.Retrying, claim.Step)).Append(new(HostKeys.Resumed, kept)))
                : null,
            cancellationToken).ConfigureAwait(false);
        return update.Written ? update.Record : null;
    }

    /// <summary>The record's values with some keys set (an empty value removes the key).</summary>
    /// <param name="data">The current values.</param>
    /// <param name="changes">The changes.</param>
    /// <returns>The new values.</returns>
    internal static Dictionary<string, string> With(IReadOnlyDictionary<string, string> data, IEnumerable<KeyValuePair<string, string>> changes)
    {
        var next = new Dictionary<string, string>(data, StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            if (value.Length == 0)
            {
                next.Remove(key);
            }
            else
            {
                next[key] = value;
            }
        }

        return next;
    }

    /// <summary>The anchors' resolution tag for a resolved state.</summary>
    /// <param name="state">The request's state.</param>
    /// <returns>APPROVED, DENIED or PROMOTED.</returns>
    internal static string ResolutionTag(AccessRequestState state) => state.ToString().ToUpperInvariant();

    /// <summary>Unix milliseconds, as stored.</summary>
    /// <param name="at">The time.</param>
    /// <returns>The stored form.</returns>
    internal static string UnixMilliseconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static bool IsOurs(RequestRecord record, StepClaim claim) =>
        string.Equals(record.Get(HostKeys.Claim), claim.Format(), StringComparison.Ordinal);

    [LoggerMessage(EventId = 2311, Level = LogLevel.Warning, Message = "Adapter {Adapter}, request {RequestId}: taking over step {Step}; the claim on {ClaimedStep} by replica {Replica} at {ClaimedAt:o} is stale (that replica stopped between claim and confirm), so the step is performed again")]
    private static partial void LogStaleClaimTakenOver(ILogger logger, string adapter, string requestId, string step, string claimedStep, string replica, DateTimeOffset claimedAt);

    [LoggerMessage(EventId = 2312, Level = LogLevel.Warning, Message = "Adapter {Adapter}, request {RequestId}: our claim on step {Step} was taken over by another replica before we confirmed; the step may have been performed twice")]
    private static partial void LogClaimLost(ILogger logger, string adapter, string requestId, string step);
}
