using Grpc.Core;
using TeleportPlugins.Host.AccessLists;

namespace TeleportPlugins.Host.Tests.AccessLists;

/// <summary>
/// Access lists, members and plugin data on access lists in memory, with Teleport's compare-and-swap: an update fails
/// with FailedPrecondition unless every expected key has the expected value (empty meaning absent). Lists are served in
/// pages of <see cref="PageSize"/>.
/// </summary>
internal sealed class FakeAccessListSource : IAccessListSource
{
    private readonly Lock _gate = new();
    private readonly List<AccessListEntry> _lists = [];
    private readonly Dictionary<string, List<AccessListPrincipal>> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<(string List, string Plugin), Dictionary<string, string>> _data = [];

    public int PageSize { get; init; } = 1;

    /// <summary>When set, every call fails with this status (a role without access_list read/list).</summary>
    public StatusCode? Refuse { get; set; }

    /// <summary>Runs once, before the next update is applied: lets a test put another replica's whole pass in between.</summary>
    public Func<Task>? BeforeNextUpdate { get; set; }

    public int ListCalls { get; private set; }

    public int RejectedUpdates { get; private set; }

    public void AddList(AccessListEntry list)
    {
        lock (_gate)
        {
            _lists.Add(list);
        }
    }

    public void AddMembers(string list, params AccessListPrincipal[] members)
    {
        lock (_gate)
        {
            _members[list] = [.. members];
        }
    }

    public IReadOnlyDictionary<string, string> Data(string list, string plugin)
    {
        lock (_gate)
        {
            return _data.TryGetValue((list, plugin), out var data) ? new Dictionary<string, string>(data) : new Dictionary<string, string>();
        }
    }

    public Task<AccessListPage<AccessListEntry>> ListAccessListsAsync(string pageToken, CancellationToken cancellationToken)
    {
        ThrowIfRefused();
        lock (_gate)
        {
            ListCalls++;
            var start = pageToken.Length == 0 ? 0 : int.Parse(pageToken, System.Globalization.CultureInfo.InvariantCulture);
            var page = _lists.Skip(start).Take(PageSize).ToList();
            var next = start + PageSize < _lists.Count ? (start + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
            return Task.FromResult(new AccessListPage<AccessListEntry>(page, next));
        }
    }

    public Task<AccessListPage<AccessListPrincipal>> ListMembersAsync(string accessList, string pageToken, CancellationToken cancellationToken)
    {
        ThrowIfRefused();
        lock (_gate)
        {
            return Task.FromResult(new AccessListPage<AccessListPrincipal>(
                _members.TryGetValue(accessList, out var members) ? [.. members] : [], string.Empty));
        }
    }

    public Task<IReadOnlyDictionary<string, string>> GetPluginDataAsync(string accessList, string plugin, CancellationToken cancellationToken)
    {
        ThrowIfRefused();
        return Task.FromResult(Data(accessList, plugin));
    }

    public async Task UpdatePluginDataAsync(
        string accessList, string plugin, IReadOnlyDictionary<string, string> set, IReadOnlyDictionary<string, string> expect, CancellationToken cancellationToken)
    {
        ThrowIfRefused();
        if (BeforeNextUpdate is { } before)
        {
            BeforeNextUpdate = null;
            await before();
        }

        lock (_gate)
        {
            if (!_data.TryGetValue((accessList, plugin), out var data))
            {
                data = new Dictionary<string, string>(StringComparer.Ordinal);
                _data[(accessList, plugin)] = data;
            }

            if (expect.Any(e => data.GetValueOrDefault(e.Key, string.Empty) != e.Value))
            {
                RejectedUpdates++;
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "plugin data does not match the expectation"));
            }

            foreach (var (key, value) in set)
            {
                if (value.Length == 0)
                {
                    data.Remove(key);
                }
                else
                {
                    data[key] = value;
                }
            }
        }
    }

    private void ThrowIfRefused()
    {
        if (Refuse is { } code)
        {
            throw new RpcException(new Status(code, "access denied to perform action \"list\" on \"access_list\""));
        }
    }
}
