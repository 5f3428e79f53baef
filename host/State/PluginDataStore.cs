using System.Collections.Immutable;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.State;

/// <summary>
/// Reads and compare-and-swaps one plugin's data for a request, as the anchors' <c>plugindata.CompareAndSwap</c>:
/// read, compute, write with the full old values as the expectation; on FailedPrecondition re-read and retry with
/// decorrelated backoff (1 ms to 1 s) until it succeeds or the token ends it.
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
    /// Applies <paramref name="change"/> atomically. <paramref name="change"/> may run several times (once per
    /// attempt), so it must be pure: it returns the complete new map, or null to leave the data as it is.
    /// </summary>
    /// <param name="requestId">The request.</param>
    /// <param name="plugin">The plugin (adapter) name.</param>
    /// <param name="change">Computes the new values from the current record.</param>
    /// <param name="cancellationToken">Ends the retries.</param>
    /// <returns>The record as written, or null when <paramref name="change"/> declined.</returns>
    public async Task<RequestRecord?> UpdateAsync(
        string requestId, string plugin, Func<RequestRecord, IReadOnlyDictionary<string, string>?> change, CancellationToken cancellationToken)
    {
        var backoff = new DecorrelatedBackoff(BackoffBase, BackoffCap);
        while (true)
        {
            var current = await ReadAsync(requestId, plugin, cancellationToken).ConfigureAwait(false);
            var next = change(current);
            if (next is null)
            {
                return null;
            }

            var (set, expect) = Diff(current.Data, next);
            if (set.Count == 0)
            {
                return current;
            }

            try
            {
                await client.UpdatePluginDataAsync(requestId, plugin, set, expect, cancellationToken).ConfigureAwait(false);
                return new RequestRecord(next);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                LogCompareFailed(logger, plugin, requestId);
                await Task.Delay(backoff.Next(), timeProvider, cancellationToken).ConfigureAwait(false);
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
