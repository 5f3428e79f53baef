using System.Collections.Immutable;

namespace TeleportPlugins.Contracts;

/// <summary>
/// The <c>[role_to_recipients]</c> map: which recipients (channels, e-mail addresses, ...) hear about a request for
/// a role. The entry <c>"*"</c> applies to roles without an entry of their own.
/// </summary>
public sealed class RoleToRecipients
{
    /// <summary>The key that applies to roles without an entry of their own.</summary>
    public const string Wildcard = "*";

    private readonly ImmutableDictionary<string, ImmutableArray<string>> _map;

    /// <summary>Creates the map.</summary>
    /// <param name="map">Role name to recipients.</param>
    public RoleToRecipients(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _map = map.ToImmutableDictionary(pair => pair.Key, pair => pair.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    /// <summary>An empty map.</summary>
    public static RoleToRecipients Empty { get; } = new([]);

    /// <summary>Whether the map has no entries.</summary>
    public bool IsEmpty => _map.IsEmpty;

    /// <summary>The roles that have entries, <c>"*"</c> included.</summary>
    public IEnumerable<string> Roles => _map.Keys;

    /// <summary>The recipients configured for exactly this key, or empty.</summary>
    /// <param name="role">A role name or <c>"*"</c>.</param>
    /// <returns>The recipients.</returns>
    public IReadOnlyList<string> this[string role] => _map.TryGetValue(role, out var recipients) ? recipients : [];

    /// <summary>
    /// The recipients for a request: for every role its own entry or else the <c>"*"</c> entry, in order and without
    /// duplicates.
    /// </summary>
    /// <param name="roles">The requested roles.</param>
    /// <returns>The de-duplicated recipients.</returns>
    public IReadOnlyList<string> Resolve(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var role in roles)
        {
            var recipients = _map.TryGetValue(role, out var own) ? own : this[Wildcard];
            foreach (var recipient in recipients)
            {
                if (seen.Add(recipient))
                {
                    result.Add(recipient);
                }
            }
        }

        return result;
    }
}
