using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Simulator.State;

namespace TeleportPlugins.Simulator.Grpc;

/// <summary>
/// Teleport's per-kind permission check of a watch (<c>authorizeWatchRequest</c>): every kind needs <c>list, read</c> on
/// its resource. A denied kind fails the watch with AccessDenied, or is dropped when the watch allows partial success,
/// so the INIT's WatchStatus lists only what was accepted; when nothing is left the watch fails with BadParameter.
/// </summary>
internal static class WatchAuthorization
{
    public static Watch Authorize(Watch watch, CallerIdentity caller)
    {
        if (watch.Kinds.Count == 0)
        {
            throw TeleportErrors.AccessDenied("can't setup global watch");
        }

        var allowed = watch.Clone();
        allowed.Kinds.Clear();
        foreach (var kind in watch.Kinds)
        {
            var needed = kind.Kind switch
            {
                AccessRequestStore.AccessRequestKind => Permission.ListRequests | Permission.ReadRequests,
                AccessMonitoringRuleStore.Kind => Permission.ReadMonitoringRules,
                // Kinds the simulator does not serve are judged by the store (dropped or BadParameter).
                _ => Permission.None,
            };
            if (!caller.Has(needed))
            {
                if (watch.AllowPartialSuccess)
                {
                    continue;
                }

                caller.Demand(needed, "list, read", kind.Kind);
            }

            allowed.Kinds.Add(kind);
        }

        if (allowed.Kinds.Count == 0)
        {
            throw TeleportErrors.BadParameter("none of the requested kinds can be watched");
        }

        return allowed;
    }
}
