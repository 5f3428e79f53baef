namespace TeleportPlugins.Simulator.State;

/// <summary>Maps the simulator's role names (<see cref="SimulatorRoles"/>) to verbs; unknown roles grant nothing.</summary>
internal static class RolePermissions
{
    public static Permission Of(IEnumerable<string> roles)
    {
        var granted = Permission.None;
        foreach (var role in roles)
        {
            granted |= role switch
            {
                SimulatorRoles.AccessPlugin =>
                    Permission.ListRequests | Permission.ReadRequests | Permission.ReadPluginData | Permission.UpdatePluginData
                    | Permission.ReadMonitoringRules | Permission.PreviewResources,
                SimulatorRoles.AccessPluginWithoutPreview =>
                    Permission.ListRequests | Permission.ReadRequests | Permission.ReadPluginData | Permission.UpdatePluginData
                    | Permission.ReadMonitoringRules,
                SimulatorRoles.AccessPluginWithoutRules =>
                    Permission.ListRequests | Permission.ReadRequests | Permission.ReadPluginData | Permission.UpdatePluginData,
                SimulatorRoles.AccessPluginResolver => Permission.UpdateRequests,
                SimulatorRoles.AccessPluginReviewer => Permission.Review,
                SimulatorRoles.Reviewer => Permission.Review | Permission.ListRequests | Permission.ReadRequests,
                SimulatorRoles.AccessPluginWithReview => Permission.SubmitForUsers | Permission.ListUsers | Permission.ReadUsers,
                SimulatorRoles.UserReader => Permission.ListUsers | Permission.ReadUsers,
                SimulatorRoles.AccessListReader => Permission.ReadAccessLists,
                SimulatorRoles.Admin => Permission.All,
                _ => Permission.None,
            };
        }

        return granted;
    }
}
