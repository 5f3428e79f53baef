namespace TeleportPlugins.Contracts;

/// <summary>
/// The version of this contract. The host loads an adapter only when the adapter was built for the same
/// <see cref="Major"/> version; minor versions only add members.
/// </summary>
public static class ContractVersion
{
    /// <summary>Incremented on a breaking change of any public type in this package.</summary>
    public const int Major = 1;

    /// <summary>Incremented when members are added without breaking existing adapters.</summary>
    public const int Minor = 4;

    /// <summary>The version as <c>Major.Minor</c>.</summary>
    public static Version Current { get; } = new(Major, Minor);
}
