namespace TeleportPlugins.Host.AccessLists;

/// <summary>
/// What the reminders need from Teleport: access lists, their members, and plugin data on <c>access_list</c> resources.
/// Failures are <see cref="Grpc.Core.RpcException"/> with Teleport's codes (PermissionDenied without <c>list, read</c> on
/// <c>access_list</c>, Unimplemented from an Auth Service without access lists, FailedPrecondition on a compare-and-swap
/// mismatch).
/// </summary>
internal interface IAccessListSource
{
    /// <summary>One page of access lists (ListAccessLists).</summary>
    /// <param name="pageToken">Empty for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<AccessListPage<AccessListEntry>> ListAccessListsAsync(string pageToken, CancellationToken cancellationToken);

    /// <summary>One page of a list's members (ListAccessListMembers), users and nested lists.</summary>
    /// <param name="accessList">The list.</param>
    /// <param name="pageToken">Empty for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<AccessListPage<AccessListPrincipal>> ListMembersAsync(string accessList, string pageToken, CancellationToken cancellationToken);

    /// <summary>A plugin's data on an access list; empty when there is none.</summary>
    /// <param name="accessList">The list.</param>
    /// <param name="plugin">The plugin (adapter) name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key-value map.</returns>
    Task<IReadOnlyDictionary<string, string>> GetPluginDataAsync(string accessList, string plugin, CancellationToken cancellationToken);

    /// <summary>Compare-and-swap of a plugin's data on an access list (an empty value deletes or expects absence).</summary>
    /// <param name="accessList">The list.</param>
    /// <param name="plugin">The plugin (adapter) name.</param>
    /// <param name="set">Values to write.</param>
    /// <param name="expect">Values expected now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Teleport stored the update.</returns>
    Task UpdatePluginDataAsync(
        string accessList, string plugin, IReadOnlyDictionary<string, string> set, IReadOnlyDictionary<string, string> expect, CancellationToken cancellationToken);
}
