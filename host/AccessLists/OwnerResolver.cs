namespace TeleportPlugins.Host.AccessLists;

/// <summary>
/// Finds the users who own an access list. An owner of kind list makes that list's members owners, and a member of kind
/// list brings in its own members, as Teleport's nested access lists do. Teleport forbids cycles when lists are written,
/// but a listing read while someone edits may still show one (and a hand-written simulator state can), so each list is
/// expanded once per resolution: a cycle ends where it would repeat. Members are read once per list and pass.
/// </summary>
internal sealed class OwnerResolver(IAccessListSource source)
{
    private readonly Dictionary<string, IReadOnlyList<AccessListPrincipal>> _members = new(StringComparer.Ordinal);

    /// <summary>The owners of <paramref name="list"/>, users only, each once, in the order first found.</summary>
    /// <param name="list">The access list.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The users' names.</returns>
    public async Task<IReadOnlyList<string>> ResolveAsync(AccessListEntry list, CancellationToken cancellationToken)
    {
        var users = new List<string>();
        var seenUsers = new HashSet<string>(StringComparer.Ordinal);
        var expanded = new HashSet<string>(StringComparer.Ordinal) { list.Name };
        var pending = new Queue<AccessListPrincipal>(list.Owners);
        while (pending.TryDequeue(out var principal))
        {
            if (!principal.IsList)
            {
                if (seenUsers.Add(principal.Name))
                {
                    users.Add(principal.Name);
                }

                continue;
            }

            if (!expanded.Add(principal.Name))
            {
                continue;
            }

            foreach (var member in await MembersAsync(principal.Name, cancellationToken).ConfigureAwait(false))
            {
                pending.Enqueue(member);
            }
        }

        return users;
    }

    private async Task<IReadOnlyList<AccessListPrincipal>> MembersAsync(string list, CancellationToken cancellationToken)
    {
        if (_members.TryGetValue(list, out var known))
        {
            return known;
        }

        var members = new List<AccessListPrincipal>();
        var token = string.Empty;
        do
        {
            var page = await source.ListMembersAsync(list, token, cancellationToken).ConfigureAwait(false);
            members.AddRange(page.Items);
            token = page.NextToken;
        }
        while (token.Length > 0);

        _members[list] = members;
        return members;
    }
}
