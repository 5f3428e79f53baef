using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.AccessLists;
using TeleportPlugins.Host.Teleport.Protos.Types;

namespace TeleportPlugins.Host.AccessLists;

/// <summary>
/// <see cref="IAccessListSource"/> over Teleport's <c>teleport.accesslist.v1.AccessListService</c> and the Auth Service's
/// plugin data calls with kind <c>access_list</c>, as Teleport's access list app keeps its notification data. Pages are
/// asked for with size 0, Teleport's "server default", as the anchor does.
/// </summary>
internal sealed class TeleportAccessListSource(
    AccessListService.AccessListServiceClient lists,
    AuthService.AuthServiceClient auth,
    TeleportClientOptions options,
    TimeProvider timeProvider) : IAccessListSource
{
    /// <summary>The plugin data kind of an access list.</summary>
    public const string AccessListKind = "access_list";

    /// <inheritdoc />
    public async Task<AccessListPage<AccessListEntry>> ListAccessListsAsync(string pageToken, CancellationToken cancellationToken)
    {
        var response = await lists.ListAccessListsAsync(
            new ListAccessListsRequest { NextToken = pageToken }, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new AccessListPage<AccessListEntry>([.. response.AccessLists.Select(ToEntry)], response.NextToken);
    }

    /// <inheritdoc />
    public async Task<AccessListPage<AccessListPrincipal>> ListMembersAsync(string accessList, string pageToken, CancellationToken cancellationToken)
    {
        var response = await lists.ListAccessListMembersAsync(
            new ListAccessListMembersRequest { AccessList = accessList, PageToken = pageToken },
            deadline: Deadline(),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new AccessListPage<AccessListPrincipal>(
            [.. response.Members.Where(m => m.Spec is not null).Select(m => new AccessListPrincipal(m.Spec.Name, m.Spec.MembershipKind == MembershipKind.List))],
            response.NextPageToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> GetPluginDataAsync(string accessList, string plugin, CancellationToken cancellationToken)
    {
        var filter = new PluginDataFilter { Kind = AccessListKind, Resource = accessList, Plugin = plugin };
        var sequence = await auth.GetPluginDataAsync(filter, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
        var entry = sequence.PluginData.Select(data => data.Spec?.Entries.GetValueOrDefault(plugin)).FirstOrDefault(found => found is not null);
        return entry is null ? new Dictionary<string, string>() : new Dictionary<string, string>(entry.Data, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task UpdatePluginDataAsync(
        string accessList, string plugin, IReadOnlyDictionary<string, string> set, IReadOnlyDictionary<string, string> expect, CancellationToken cancellationToken)
    {
        var update = new PluginDataUpdateParams { Kind = AccessListKind, Resource = accessList, Plugin = plugin };
        update.Set.Add(set.ToDictionary());
        update.Expect.Add(expect.ToDictionary());
        await auth.UpdatePluginDataAsync(update, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static AccessListEntry ToEntry(AccessList list)
    {
        var name = list.Header?.Metadata?.Name ?? string.Empty;
        var spec = list.Spec ?? new AccessListSpec();
        return new AccessListEntry(
            name,
            spec.Title.Length > 0 ? spec.Title : name,
            // Unset (or Go's zero time) means no review is scheduled, not one overdue since 1970.
            spec.Audit?.NextAuditDate is { Seconds: > 0 } due ? due.ToDateTimeOffset() : null,
            spec.Audit?.Notifications?.Start?.ToTimeSpan() ?? TimeSpan.Zero,
            [.. spec.Owners.Select(o => new AccessListPrincipal(o.Name, o.MembershipKind == MembershipKind.List))]);
    }

    private DateTime Deadline() => timeProvider.GetUtcNow().UtcDateTime + options.CallTimeout;
}
