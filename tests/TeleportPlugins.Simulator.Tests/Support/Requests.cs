using TeleportPlugins.Host.Teleport.Protos.Types;

namespace TeleportPlugins.Simulator.Tests.Support;

/// <summary>Request messages as a client would send them.</summary>
internal static class Requests
{
    public static AccessRequestV3 For(string user, params AccessReviewThreshold[] thresholds)
    {
        var spec = new AccessRequestSpecV3 { User = user, Roles = { "editor" }, RequestReason = "deploy hotfix", State = RequestState.Pending };
        spec.Thresholds.AddRange(thresholds);
        return new AccessRequestV3
        {
            Kind = "access_request",
            Version = "v3",
            // Teleport requires a UUID here and then replaces it; the simulator replaces it too.
            Metadata = new Metadata { Name = Guid.NewGuid().ToString(), Namespace = "default" },
            Spec = spec,
        };
    }

    public static AccessReviewSubmission Review(string requestId, RequestState state, string author = "", string reason = "") =>
        new()
        {
            RequestID = requestId,
            Review = new AccessReview { Author = author, ProposedState = state, Reason = reason },
        };
}
