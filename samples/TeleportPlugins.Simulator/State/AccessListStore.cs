using Google.Protobuf.WellKnownTypes;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.AccessLists;
using TeleportPlugins.Host.Teleport.Protos.Types;
using HeaderMetadata = TeleportPlugins.Host.Teleport.Protos.Header.Metadata;
using ResourceHeader = TeleportPlugins.Host.Teleport.Protos.Header.ResourceHeader;

namespace TeleportPlugins.Simulator.State;

/// <summary>
/// The Auth Service's <c>access_list</c> resources with their members, and plugin data on them (kind
/// <c>access_list</c>, compare-and-swap as for access requests), for access list review reminders. The listings page
/// by <c>page_size</c> (0: the server default) with the next item's position as the token.
/// </summary>
internal sealed class AccessListStore
{
    public const string Kind = "access_list";
    private const int DefaultPageSize = 100;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, SimulatedAccessList> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<(string List, string Plugin), Dictionary<string, string>> _pluginData = [];

    public void Upsert(SimulatedAccessList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        if (string.IsNullOrWhiteSpace(list.Name))
        {
            throw TeleportErrors.BadParameter("access list name is missing");
        }

        lock (_gate)
        {
            _lists[list.Name] = list;
        }
    }

    public ListAccessListsResponse List(ListAccessListsRequest request)
    {
        lock (_gate)
        {
            var (page, next) = Page([.. _lists.Values], request.PageSize, request.NextToken);
            return new ListAccessListsResponse { AccessLists = { page.Select(ToProto) }, NextToken = next };
        }
    }

    public ListAccessListMembersResponse ListMembers(ListAccessListMembersRequest request)
    {
        lock (_gate)
        {
            if (!_lists.TryGetValue(request.AccessList, out var list))
            {
                throw TeleportErrors.NotFound($"access_list \"{request.AccessList}\" doesn't exist");
            }

            var members = list.Members.Select(m => Member(list.Name, m, MembershipKind.User))
                .Concat(list.MemberLists.Select(m => Member(list.Name, m, MembershipKind.List)))
                .ToList();
            var (page, next) = Page(members, request.PageSize, request.PageToken);
            return new ListAccessListMembersResponse { Members = { page }, NextPageToken = next };
        }
    }

    public PluginDataSeq GetPluginData(PluginDataFilter filter)
    {
        var result = new PluginDataSeq();
        lock (_gate)
        {
            var spec = new PluginDataSpecV3();
            foreach (var ((list, plugin), values) in _pluginData.Where(e => e.Key.List == filter.Resource && (filter.Plugin.Length == 0 || e.Key.Plugin == filter.Plugin)))
            {
                spec.Entries[plugin] = new PluginDataEntry { Data = { values } };
            }

            if (spec.Entries.Count > 0)
            {
                result.PluginData.Add(new PluginDataV3 { Kind = "plugin_data", SubKind = Kind, Version = "v3", Metadata = new Metadata { Name = filter.Resource }, Spec = spec });
            }
        }

        return result;
    }

    public void UpdatePluginData(PluginDataUpdateParams update)
    {
        lock (_gate)
        {
            if (!_lists.ContainsKey(update.Resource))
            {
                throw TeleportErrors.NotFound($"access_list \"{update.Resource}\" doesn't exist");
            }

            var current = _pluginData.GetValueOrDefault((update.Resource, update.Plugin)) ?? new Dictionary<string, string>(StringComparer.Ordinal);
            if (update.Expect.FirstOrDefault(e => current.GetValueOrDefault(e.Key, string.Empty) != e.Value) is { Key: { } mismatched })
            {
                throw TeleportErrors.CompareFailed($"expectations not met for field \"{mismatched}\"");
            }

            foreach (var (key, value) in update.Set)
            {
                if (value.Length == 0)
                {
                    current.Remove(key);
                }
                else
                {
                    current[key] = value;
                }
            }

            _pluginData[(update.Resource, update.Plugin)] = current;
        }
    }

    private static (List<T> Page, string Next) Page<T>(List<T> items, int pageSize, string token)
    {
        var size = pageSize > 0 ? pageSize : DefaultPageSize;
        var start = token.Length == 0 ? 0 : int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
        var next = start + size < items.Count ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
        return ([.. items.Skip(start).Take(size)], next);
    }

    private static AccessList ToProto(SimulatedAccessList list) => new()
    {
        Header = new ResourceHeader { Kind = Kind, Version = "v1", Metadata = new HeaderMetadata { Name = list.Name } },
        Spec = new AccessListSpec
        {
            Title = list.Title,
            Owners =
            {
                list.Owners.Select(o => new AccessListOwner { Name = o, MembershipKind = MembershipKind.User })
                    .Concat(list.OwnerLists.Select(o => new AccessListOwner { Name = o, MembershipKind = MembershipKind.List })),
            },
            Audit = new AccessListAudit
            {
                NextAuditDate = Timestamp.FromDateTimeOffset(list.NextAuditDate),
                Notifications = new Notifications { Start = Duration.FromTimeSpan(list.NotificationStart) },
            },
        },
    };

    private static Member Member(string list, string name, MembershipKind kind) => new()
    {
        Header = new ResourceHeader { Kind = "access_list_member", Version = "v1", Metadata = new HeaderMetadata { Name = name } },
        Spec = new MemberSpec { AccessList = list, Name = name, MembershipKind = kind },
    };
}
