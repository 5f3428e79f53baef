using Google.Protobuf.WellKnownTypes;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Protos.Wrappers;
using AccessRequestState = TeleportPlugins.Contracts.AccessRequestState;

namespace TeleportPlugins.Simulator.State;

/// <summary>Converts between the public request records and the wire messages the store keeps.</summary>
internal static class RequestMapper
{
    public static AccessRequestV3 ToProto(NewAccessRequest request, DateTimeOffset now)
    {
        var spec = new AccessRequestSpecV3
        {
            User = request.User,
            Roles = { request.Roles },
            RequestReason = request.Reason,
            SuggestedReviewers = { request.SuggestedReviewers },
            SystemAnnotations = new LabelValues(),
        };
        foreach (var (key, values) in request.Annotations)
        {
            spec.SystemAnnotations.Values[key] = new StringValues { Values = { values } };
        }

        foreach (var threshold in request.Thresholds)
        {
            spec.Thresholds.Add(new AccessReviewThreshold
            {
                Name = threshold.Name,
                Approve = threshold.Approve,
                Deny = threshold.Deny,
                Filter = threshold.Filter,
            });
        }

        foreach (var id in request.Resources)
        {
            // Teleport's resource ID text: /cluster/kind/name[/sub-resource].
            var parts = id.Split('/', 5);
            if (parts.Length < 4 || parts[0].Length > 0 || parts[1].Length == 0 || parts[2].Length == 0 || parts[3].Length == 0)
            {
                throw TeleportErrors.BadParameter($"resource ID \"{id}\" is not /cluster/kind/name");
            }

            spec.RequestedResourceIDs.Add(new ResourceID
            {
                ClusterName = parts[1], Kind = parts[2], Name = parts[3], SubResourceName = parts.Length > 4 ? parts[4] : string.Empty,
            });
        }

        if (request.Ttl is { } ttl)
        {
            spec.ResourceExpiry = Timestamp.FromDateTimeOffset(now + ttl);
        }

        return new AccessRequestV3 { Spec = spec };
    }

    public static SimulatedAccessRequest ToSimulated(AccessRequestV3 request)
    {
        var spec = request.Spec;
        return new SimulatedAccessRequest
        {
            Id = request.Metadata.Name,
            User = spec.User,
            Roles = [.. spec.Roles],
            State = (AccessRequestState)spec.State,
            RequestReason = spec.RequestReason,
            ResolveReason = spec.ResolveReason,
            Created = spec.Created.ToDateTimeOffset(),
            Expires = request.Metadata.Expires.ToDateTimeOffset(),
            SuggestedReviewers = [.. spec.SuggestedReviewers],
            Annotations = (spec.SystemAnnotations ?? new LabelValues()).Values
                .ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)[.. pair.Value.Values], StringComparer.Ordinal),
            Thresholds = [.. spec.Thresholds.Select(t => new ReviewThresholdSpec
            {
                Name = t.Name,
                Approve = t.Approve,
                Deny = t.Deny,
                Filter = t.Filter,
            })],
            Reviews = [.. spec.Reviews.Select(r => new SimulatedReview(
                r.Author, (AccessRequestState)r.ProposedState, r.Reason, r.Created?.ToDateTimeOffset() ?? default))],
        };
    }
}
