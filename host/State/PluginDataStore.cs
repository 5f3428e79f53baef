using System.Collections.Immutable;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.State;

/// <summary>
/// Reads and compare-and-swaps one plugin's data for a request, as the anchors' <c>plugindata.CompareAndSwap</c>:
/// compute, write with the full old values as the expectation; on FailedPrecondition re-read and retry with
/// decorrelated backoff (1 ms to 1 s) until it succeeds or the token ends it. Unlike the anchors it does not read
/// before every write: the old values may be the record the caller's previous write returned, so a step costs one
/// write per compare-and-swap on the common path and a read only when that guess turns out wrong.
/// </summary>
internal sealed partial class PluginDataStore(ITeleportClient client, TimeProvider timeProvider, ILogger<PluginDataStore> logger)
{
    private static readonly TimeSpan BackoffBase = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan BackoffCap = TimeSpan.FromSeconds(1);

    /// <summary>Reads the plugin data.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="plugin">The plugin (adapter) name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record; empty when there is none.</returns>
    public async Task<RequestRecord> ReadAsync(string requestId, string plugin, CancellationToken cancellationToken) =>
        new(await client.GetPluginDataAsync(requestId, plugin, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Applies <paramref name="change"/> atomically. The first attempt builds its expectation from
    /// <paramref name="known"/> (the record the caller's last successful write returned, or its last read) without
    /// reading; only a FailedPrecondition, or no known record, costs a read. <paramref name="change"/> may run several
    /// times (once per attempt), so it must be pure: it returns the complete new map, or null to leave the data as it is.
    /// </summary>
    /// <param name="requestId">The request.</param>
    /// <param name="plugin">The plugin (adapter) name.</param>
    /// <param name="known">The record as the caller last knew it, or null to read it first.</param>
    /// <param name="change">Computes the new values from the current record.</param>
    /// <param name="cancellationToken">Ends the retries.</param>
    /// <returns>The record as written, or the record <paramref name="change"/> declined.</returns>
    public async Task<PluginDataUpdate> UpdateAsync(
        string requestId, string plugin, RequestRecord? known, Func<RequestRecord, IReadOnlyDictionary<string, string>?> change, CancellationToken cancellationToken)
    {
        var backoff = new DecorrelatedBackoff(BackoffBase, BackoffCap);
        var current = known;
        var read = false;
        while (true)
        {
            if (current is null)
            {
                current = await ReadAsync(requestId, plugin, cancellationToken).ConfigureAwait(false);
                read = true;
            }

            // A declined change on a known record is a decision on a guess, but one the caller made from that same record
            // (it planned from it), so it is the caller's to act on: a claim that finds its step no longer owed re-plans.
            var next = change(current);
            if (next is null)
            {
                return new PluginDataUpdate(current, Written: false);
            }

            var (set, expect) = Diff(current.Data, next);
            if (set.Count == 0)
            {
                if (read)
                {
                    return new PluginDataUpdate(current, Written: true);
                }

                // Nothing to write is only true of the record as stored, not of a guess: confirm it with a read.
                current = null;
                continue;
            }

            try
            {
                await client.UpdatePluginDataAsync(requestId, plugin, set, expect, cancellationToken).ConfigureAwait(false);
                return new PluginDataUpdate(new RequestRecord(next), Written: true);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                LogCompareFailed(logger, plugin, requestId);
                current = null;
                if (read)
                {
                    // Only a conflict after a fresh read is contention worth backing off from; a stale guess is re-read at once.
                    await Task.Delay(backoff.Next(), timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static (Dictionary<string, string> Set, Dictionary<string, string> Expect) Diff(
        ImmutableDictionary<string, string> old, IReadOnlyDictionary<string, string> next)
    {
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in next)
        {
            if (!string.Equals(old.GetValueOrDefault(key, string.Empty), value, StringComparison.Ordinal))
            {
                set[key] = value;
            }
        }

        foreach (var key in old.Keys.Where(key => !next.ContainsKey(key)))
        {
            set[key] = string.Empty;
        }

        // Teleport compares only the keys named in Expect, so a key absent from it may have appeared meanwhile. The
        // anchors' fixed structs name every field; here the whole old entry is expected, plus every key being set and
        // every bookkeeping key as absent when it is. Otherwise a replica that read an empty entry could claim a step
        // another replica has just confirmed (its tp_claim is "" again). Every write of the claim protocol changes a
        // bookkeeping key, so expecting all of them pins the entry.
        var expect = new Dictionary<string, string>(old, StringComparer.Ordinal);
        foreach (var key in set.Keys.Concat(HostKeys.All))
        {
            expect.TryAdd(key, string.Empty);
        }

        return (set, expect);
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Debug, Message = "Plugin data of {Plugin} for request {RequestId} changed under us; re-reading")]
    private static partial void LogCompareFailed(ILogger logger, string plugin, string requestId);
}
