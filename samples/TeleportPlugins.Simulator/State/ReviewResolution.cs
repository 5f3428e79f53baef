using TeleportPlugins.Host.Teleport.Protos.Types;

namespace TeleportPlugins.Simulator.State;

/// <summary>
/// Whether the reviews on a request reach a state transition, following Teleport's calculateReviewBasedResolution:
/// reviews count against the thresholds they matched; any threshold reaching its deny count denies; the request is
/// approved once every role has, in each of its threshold sets, a threshold that reached its approve count.
/// </summary>
internal sealed record ReviewResolution(RequestState State, string Reason)
{
    public static ReviewResolution? Calculate(AccessRequestSpecV3 spec)
    {
        var thresholds = spec.Thresholds;
        if (thresholds.Count == 0 || spec.Reviews.Count == 0)
        {
            return null;
        }

        var approvals = new uint[thresholds.Count];
        var denials = new uint[thresholds.Count];
        var approvedRoles = new HashSet<string>(StringComparer.Ordinal);
        AccessReview? last = null;
        foreach (var review in spec.Reviews)
        {
            last = review;
            foreach (var index in review.ThresholdIndexes.Where(i => i < thresholds.Count))
            {
                if (review.ProposedState == RequestState.Approved)
                {
                    approvals[index]++;
                }
                else
                {
                    denials[index]++;
                }
            }

            for (var i = 0; i < thresholds.Count; i++)
            {
                if (thresholds[i].Deny != 0 && denials[i] >= thresholds[i].Deny)
                {
                    return review.ProposedState == RequestState.Denied ? new ReviewResolution(RequestState.Denied, review.Reason) : null;
                }
            }

            foreach (var (role, sets) in spec.RoleThresholdMapping)
            {
                var roleApproved = sets.Sets.All(set => set.Indexes.Any(i =>
                    i < thresholds.Count && thresholds[(int)i].Approve != 0 && approvals[i] >= thresholds[(int)i].Approve));
                if (roleApproved)
                {
                    approvedRoles.Add(role);
                }
            }

            if (approvedRoles.Count == spec.RoleThresholdMapping.Count)
            {
                break;
            }
        }

        return last is { ProposedState: RequestState.Approved } && approvedRoles.Count == spec.RoleThresholdMapping.Count
            ? new ReviewResolution(RequestState.Approved, last.Reason)
            : null;
    }
}
