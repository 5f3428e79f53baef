using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Protos.Users;
using TeleportPlugins.Host.Teleport.Protos.Wrappers;

namespace TeleportPlugins.Simulator.State;

/// <summary>
/// The Auth Service's users: name, roles and traits. Teleport lists them in name order with the next name as page
/// token; the simulator does the same.
/// </summary>
internal sealed class UserDirectory
{
    private const int DefaultPageSize = 1000;
    private const int MaxPageSize = 1000;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, SimulatedUser> _users = new(StringComparer.Ordinal);

    /// <summary>Creates or replaces a user, as <c>tctl create -f user.yaml</c> does.</summary>
    public void Upsert(SimulatedUser user)
    {
        if (string.IsNullOrWhiteSpace(user.Name))
        {
            throw TeleportErrors.BadParameter("missing user name");
        }

        lock (_gate)
        {
            _users[user.Name] = user;
        }
    }

    public SimulatedUser? Find(string name)
    {
        lock (_gate)
        {
            return _users.GetValueOrDefault(name);
        }
    }

    public IReadOnlyList<SimulatedUser> All()
    {
        lock (_gate)
        {
            return [.. _users.Values];
        }
    }

    /// <summary>One user as GetUser returns it, or null.</summary>
    public UserV2? Get(string name)
    {
        var user = Find(name);
        return user is null ? null : ToProto(user);
    }

    public ListUsersResponse List(ListUsersRequest request)
    {
        if (request.PageSize < 0)
        {
            throw TeleportErrors.BadParameter("page size must not be negative");
        }

        var size = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, MaxPageSize);
        var response = new ListUsersResponse();
        lock (_gate)
        {
            var (page, next) = KeyedPage.Take(_users.Values.Where(u => string.CompareOrdinal(u.Name, request.PageToken) >= 0), size, u => u.Name);
            response.NextPageToken = next;
            response.Users.AddRange(page.Select(ToProto));
        }

        return response;
    }

    private static UserV2 ToProto(SimulatedUser user)
    {
        var traits = new LabelValues();
        foreach (var (name, values) in user.Traits)
        {
            traits.Values[name] = new StringValues { Values = { values } };
        }

        return new UserV2
        {
            Kind = "user",
            Version = "v2",
            Metadata = new Metadata { Name = user.Name, Namespace = "default" },
            Spec = new UserSpecV2 { Roles = { user.Roles }, Traits = traits },
        };
    }
}
