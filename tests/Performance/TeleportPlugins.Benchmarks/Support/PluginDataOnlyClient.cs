using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Benchmarks.Support;

/// <summary>
/// The host's Teleport seam for benchmarks that talk to plugin data only (the dispatcher and the claim protocol read
/// and write plugin data and never watch, list or review): everything else refuses.
/// </summary>
internal abstract class PluginDataOnlyClient : ITeleportClient
{
    public abstract Task<IReadOnlyDictionary<string, string>> GetPluginDataAsync(string requestId, string plugin, CancellationToken cancellationToken);

    public abstract Task UpdatePluginDataAsync(
        string requestId, string plugin, IReadOnlyDictionary<string, string> set, IReadOnlyDictionary<string, string> expect, CancellationToken cancellationToken);

    public Task<TeleportClusterInfo> PingAsync(CancellationToken cancellationToken) => throw NotUsed();

    public IAsyncEnumerable<TeleportWatchEvent> WatchAccessRequestsAsync(CancellationToken cancellationToken) => throw NotUsed();

    public IAsyncEnumerable<IReadOnlyList<AccessRequestSnapshot>> ListAccessRequestPagesAsync(CancellationToken cancellationToken) => throw NotUsed();

    public Task<AccessRequestSnapshot> SubmitReviewAsync(string requestId, AccessRequestState proposedState, string reason, CancellationToken cancellationToken) =>
        throw NotUsed();

    public Task SetAccessRequestStateAsync(string requestId, AccessRequestState state, string reason, string delegator, CancellationToken cancellationToken) =>
        throw NotUsed();

    private NotSupportedException NotUsed() => new($"{GetType().Name} serves plugin data only; the benchmark using it never watches, lists or reviews.");
}
