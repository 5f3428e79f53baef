using Grpc.Core;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Routing;

namespace TeleportPlugins.Host.Teleport;

/// <summary>
/// What the engine needs from Teleport, in contract types: no protobuf type crosses this seam. Failures surface as
/// <see cref="Grpc.Core.RpcException"/> with Teleport's status codes (FailedPrecondition for a compare-and-swap
/// mismatch, PermissionDenied, NotFound, ...); a failed or broken connection is Unavailable with the dialer's
/// explanation (address, cause, what to do) as detail. Cancellation by the caller is an OperationCanceledException.
/// </summary>
internal interface ITeleportClient
{
    /// <summary>Cluster name, server version and proxy address.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the Auth Service said.</returns>
    Task<TeleportClusterInfo> PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Watches <c>access_request</c> and, where the identity may read them, <c>access_monitoring_rule</c> (partial
    /// success): the first event is <see cref="TeleportWatchEventKind.Init"/>, saying whether rules are watched, then
    /// one event per change. The sequence ends with an exception when the stream breaks; the caller re-opens it.
    /// </summary>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The events.</returns>
    IAsyncEnumerable<TeleportWatchEvent> WatchAccessRequestsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every access request the identity may see, one page at a time (ListAccessRequests; the GetAccessRequestsV2 stream in
    /// pages of the same size on Unimplemented). The next page is asked for only when the caller moves on, so a caller
    /// that waits between pages holds one page, not the whole listing.
    /// </summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The pages, none empty.</returns>
    IAsyncEnumerable<IReadOnlyList<AccessRequestSnapshot>> ListAccessRequestPagesAsync(CancellationToken cancellationToken);

    /// <summary>One access request as Teleport has it now, or null when it no longer exists.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or null.</returns>
    async Task<AccessRequestSnapshot?> GetAccessRequestAsync(string requestId, CancellationToken cancellationToken)
    {
        await foreach (var page in ListAccessRequestPagesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (page.FirstOrDefault(r => string.Equals(r.Id, requestId, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// The Access Monitoring Rules for access requests (ListAccessMonitoringRulesWithFilter, paged). PermissionDenied when
    /// the identity may not read them; Unimplemented from an Auth Service without them, and from clients that have no
    /// rules service.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rules.</returns>
    Task<IReadOnlyList<MonitoringRule>> ListAccessMonitoringRulesAsync(CancellationToken cancellationToken) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "this Teleport client does not read Access Monitoring Rules"));

    /// <summary>A plugin's data for a request; empty when there is none.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="plugin">The plugin name (the adapter's name).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key-value map.</returns>
    Task<IReadOnlyDictionary<string, string>> GetPluginDataAsync(string requestId, string plugin, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-swap of a plugin's data: applies <paramref name="set"/> (an empty value deletes a key) only when every
    /// key of <paramref name="expect"/> has the expected value (empty meaning absent). A mismatch fails with
    /// FailedPrecondition.
    /// </summary>
    /// <param name="requestId">The request.</param>
    /// <param name="plugin">The plugin name.</param>
    /// <param name="set">Values to write.</param>
    /// <param name="expect">Values expected now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Teleport stored the update.</returns>
    Task UpdatePluginDataAsync(
        string requestId,
        string plugin,
        IReadOnlyDictionary<string, string> set,
        IReadOnlyDictionary<string, string> expect,
        CancellationToken cancellationToken);

    /// <summary>Submits a review as this identity's user.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="proposedState">Approved or denied.</param>
    /// <param name="reason">The review's reason.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request after the review.</returns>
    Task<AccessRequestSnapshot> SubmitReviewAsync(string requestId, AccessRequestState proposedState, string reason, CancellationToken cancellationToken);

    /// <summary>Sets a request's state directly, recording a delegator (<c>adapter:user</c>) in Teleport's audit log.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="state">Approved or denied.</param>
    /// <param name="reason">The resolution reason.</param>
    /// <param name="delegator">Who decided, <c>adapter:external user</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Teleport stored the state.</returns>
    Task SetAccessRequestStateAsync(string requestId, AccessRequestState state, string reason, string delegator, CancellationToken cancellationToken);
}
