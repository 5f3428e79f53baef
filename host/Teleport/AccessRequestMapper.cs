using Google.Protobuf.WellKnownTypes;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Protos.Wrappers;

namespace TeleportPlugins.Host.Teleport;

/// <summary>Turns Teleport's wire types into the contract's immutable snapshot; protobuf types stop here.</summary>
internal static class AccessRequestMapper
{
    // Go's zero time.Time on the wire (0001-01-01T00:00:00Z): "not set" for gogo's non-nullable timestamps.
    private const long GoZeroTimeSeconds = -62135596800;

    public static AccessRequestSnapshot ToSnapshot(AccessRequestV3 request, TeleportClusterInfo cluster)
    {
        var spec = request.Spec ?? new AccessRequestSpecV3();
        var id = request.Metadata?.Name ?? string.Empty;
        return new AccessRequestSnapshot
        {
            Id = id,
            Cluster = cluster.ClusterName,
            User = spec.User,
            Roles = spec.Roles,
            Resources = ToResources(spec),
            Reason = spec.RequestReason,
            State = ToState(spec.State),
            Created = ToTime(spec.Created) ?? DateTimeOffset.MinValue,
            AccessExpires = ToTime(spec.Expires),
            RequestExpires = ToTime(spec.ResourceExpiry) ?? ToTime(request.Metadata?.Expires),
            Reviews = [.. spec.Reviews.Select(r => new Contracts.AccessReview(r.Author, ToState(r.ProposedState), r.Reason, ToTime(r.Created) ?? DateTimeOffset.MinValue))],
            SuggestedReviewers = spec.SuggestedReviewers,
            SystemAnnotations = ToAnnotations(spec.SystemAnnotations),
            Thresholds = [.. spec.Thresholds.Select(t => new ReviewThreshold(t.Name, t.Filter, t.Approve, t.Deny))],
            ResolveReason = spec.ResolveReason,
            WebUiLink = WebUiLink(cluster.ProxyPublicAddress, id),
        };
    }

    public static AccessRequestState ToState(RequestState state) => state switch
    {
        RequestState.Pending => AccessRequestState.Pending,
        RequestState.Approved => AccessRequestState.Approved,
        RequestState.Denied => AccessRequestState.Denied,
        RequestState.Promoted => AccessRequestState.Promoted,
        _ => AccessRequestState.None,
    };

    public static RequestState FromState(AccessRequestState state) => state switch
    {
        AccessRequestState.Pending => RequestState.Pending,
        AccessRequestState.Approved => RequestState.Approved,
        AccessRequestState.Denied => RequestState.Denied,
        AccessRequestState.Promoted => RequestState.Promoted,
        _ => RequestState.None,
    };

    /// <summary><c>https://proxy/web/requests/id</c>; the port is dropped when it is 443.</summary>
    public static Uri? WebUiLink(string? proxyPublicAddress, string requestId) => WebUiLink(proxyPublicAddress, "requests", requestId);

    /// <summary><c>https://proxy/web/section/name</c> (an access list's page is <c>accesslists</c>); the port is dropped when it is 443.</summary>
    public static Uri? WebUiLink(string? proxyPublicAddress, string section, string name)
    {
        if (string.IsNullOrWhiteSpace(proxyPublicAddress) || name.Length == 0)
        {
            return null;
        }

        // The proxy may list several addresses; the first is the canonical one.
        var address = proxyPublicAddress.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[0];
        var host = address.EndsWith(":443", StringComparison.Ordinal) ? address[..^4] : address;
        return Uri.TryCreate($"https://{host}/web/{section}/{Uri.EscapeDataString(name)}", UriKind.Absolute, out var link) ? link : null;
    }

    // Newer Teleport treats field 26 as authoritative when present (its ids are the resources); older servers send only 14.
    private static RequestedResource[] ToResources(AccessRequestSpecV3 spec) =>
        spec.RequestedResourceAccessIDs.Count > 0
            ? [.. spec.RequestedResourceAccessIDs.Select(r => ToResource(r.Id ?? new ResourceID()))]
            : [.. spec.RequestedResourceIDs.Select(ToResource)];

    private static RequestedResource ToResource(ResourceID id) => new(id.ClusterName, id.Kind, id.Name, id.SubResourceName);

    private static DateTimeOffset? ToTime(Timestamp? timestamp) =>
        timestamp is null || timestamp.Seconds <= GoZeroTimeSeconds || (timestamp.Seconds == 0 && timestamp.Nanos == 0)
            ? null
            : timestamp.ToDateTimeOffset();

    private static Dictionary<string, IReadOnlyList<string>> ToAnnotations(LabelValues? values) =>
        values is null
            ? []
            : values.Values.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)[.. pair.Value?.Values ?? []], StringComparer.Ordinal);
}
