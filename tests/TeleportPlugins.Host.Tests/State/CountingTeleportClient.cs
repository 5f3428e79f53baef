using Grpc.Core;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Tests.State;

/// <summary>Counts the plugin data calls that reach Teleport, so tests can show what each step costs.</summary>
internal sealed class CountingTeleportClient(ITeleportClient inner) : ITeleportClient
{
    private int _reads;
    private int _writes;
    private int _failedWrites;

    /// <summary>GetPluginData calls.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>UpdatePluginData calls, including those that failed their compare-and-swap.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>UpdatePluginData calls that failed with FailedPrecondition.</summary>
    public int FailedWrites => Volatile.Read(ref _failedWrites);

    /// <summary>Every plugin data call so far.</summary>
    public int Calls => Reads + Writes;

    public Task<TeleportClusterInfo> PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    public IAsyncEnumerable<TeleportWatchEvent> WatchAccessRequestsAsync(CancellationToken cancellationToken) => inner.WatchAccessRequestsAsync(cancellationToken);

    public IAsyncEnumerable<IReadOnlyList<AccessRequestSnapshot>> ListAccessRequestPagesAsync(CancellationToken cancellationToken) => inner.ListAccessRequestPagesAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> GetPluginDataAsync(string requestId, string plugin, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetPluginDataAsync(requestId, plugin, cancellationToken);
    }

    public async Task UpdatePluginDataAsync(
        string requestId, string plugin, IReadOnlyDictionary<string, string> set, IReadOnlyDictionary<string, string> expect, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        try
        {
            await inner.UpdatePluginDataAsync(requestId, plugin, set, expect, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            Interlocked.Increment(ref _failedWrites);
            throw;
        }
    }

    public Task<AccessRequestSnapshot> SubmitReviewAsync(string requestId, AccessRequestState proposedState, string reason, CancellationToken cancellationToken) =>
        inner.SubmitReviewAsync(requestId, proposedState, reason, cancellationToken);

    public Task SetAccessRequestStateAsync(string requestId, AccessRequestState state, string reason, string delegator, CancellationToken cancellationToken) =>
        inner.SetAccessRequestStateAsync(requestId, state, reason, delegator, cancellationToken);
}
