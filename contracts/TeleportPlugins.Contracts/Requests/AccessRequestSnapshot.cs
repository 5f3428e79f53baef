using System.Collections.Immutable;

namespace TeleportPlugins.Contracts;

/// <summary>
/// An immutable copy of a Teleport Access Request at one moment. Collections are copied on assignment, so a snapshot
/// never changes after it was made.
/// </summary>
public sealed record AccessRequestSnapshot
{
    /// <summary>The request ID (a UUID).</summary>
    public required string Id { get; init; }

    /// <summary>The name of the Teleport cluster the request belongs to.</summary>
    public required string Cluster { get; init; }

    /// <summary>The Teleport user who asked for access.</summary>
    public required string User { get; init; }

    /// <summary>The requested roles.</summary>
    public IReadOnlyList<string> Roles { get; init => field = [.. value]; } = [];

    /// <summary>The requested resources of a resource-based request; empty for a role request.</summary>
    public IReadOnlyList<RequestedResource> Resources { get; init => field = [.. value]; } = [];

    /// <summary>The requester's reason; may be empty and may contain any characters.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>The request's state.</summary>
    public AccessRequestState State { get; init; } = AccessRequestState.Pending;

    /// <summary>When the request was made.</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>When the granted access would end, or null when not set.</summary>
    public DateTimeOffset? AccessExpires { get; init; }

    /// <summary>When the request itself expires if nobody resolves it (its TTL), or null when not set.</summary>
    public DateTimeOffset? RequestExpires { get; init; }

    /// <summary>The reviews so far, oldest first.</summary>
    public IReadOnlyList<AccessReview> Reviews { get; init => field = [.. value]; } = [];

    /// <summary>The reviewers the requester suggested (Teleport user names or e-mail addresses).</summary>
    public IReadOnlyList<string> SuggestedReviewers { get; init => field = [.. value]; } = [];

    /// <summary>
    /// Annotations copied from the requester's roles (<c>allow.request.annotations</c>), e.g.
    /// <c>pagerduty_notify_service</c> or <c>teleport.dev/schedules</c>. Keys are case-sensitive.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SystemAnnotations
    {
        get;
        init => field = value.ToImmutableDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)[.. pair.Value], StringComparer.Ordinal);
    } = ImmutableDictionary<string, IReadOnlyList<string>>.Empty;

    /// <summary>The review thresholds, in Teleport's order.</summary>
    public IReadOnlyList<ReviewThreshold> Thresholds { get; init => field = [.. value]; } = [];

    /// <summary>The reason given when the request was resolved; empty while pending.</summary>
    public string ResolveReason { get; init; } = string.Empty;

    /// <summary>
    /// The request's page in the Teleport Web UI (<c>https://proxy/web/requests/id</c>), or null when the host
    /// does not know the proxy's public address.
    /// </summary>
    public Uri? WebUiLink { get; init; }

    /// <summary>Whether the request is approved, denied or promoted.</summary>
    public bool IsResolved => State is AccessRequestState.Approved or AccessRequestState.Denied or AccessRequestState.Promoted;
}
