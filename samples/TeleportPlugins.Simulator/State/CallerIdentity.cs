namespace TeleportPlugins.Simulator.State;

/// <summary>Who is calling: the Teleport user and roles read from the client certificate (CN and O, as Teleport encodes them).</summary>
internal sealed record CallerIdentity(string User, IReadOnlyList<string> Roles)
{
    public Permission Permissions { get; } = RolePermissions.Of(Roles);

    public bool Has(Permission permission) => (Permissions & permission) == permission;

    /// <summary>Throws Teleport's AccessDenied unless every listed verb is granted.</summary>
    public void Demand(Permission permission, string verbs, string resource)
    {
        if (!Has(permission))
        {
            throw TeleportErrors.AccessDenied($"access denied to perform action \"{verbs}\" on \"{resource}\" for user \"{User}\"");
        }
    }
}
