using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Watching;

/// <summary>
/// Orders snapshots of one request by how far its life has gone. A request only moves forward (reviews are only
/// added, resolution is terminal), and a list taken during the reconcile can be older than an event already
/// received, so the more advanced snapshot wins.
/// </summary>
internal static class SnapshotProgress
{
    /// <summary>Whether <paramref name="candidate"/> is at least as far along as <paramref name="current"/>.</summary>
    /// <param name="candidate">The newly seen snapshot.</param>
    /// <param name="current">The snapshot held so far, if any.</param>
    /// <returns>True when the candidate should replace the current one.</returns>
    public static bool IsAtLeastAsAdvanced(AccessRequestSnapshot candidate, AccessRequestSnapshot? current) =>
        current is null || (candidate.IsResolved, candidate.Reviews.Count).CompareTo((current.IsResolved, current.Reviews.Count)) >= 0;
}
