using TeleportPlugins.Contracts;

namespace TeleportPlugins.Simulator;

/// <summary>A read-only view of a stored access request, for tests, the demo and the control API.</summary>
public sealed record SimulatedAccessRequest
{
    /// <summary>Request ID (a UUID).</summary>
    public required string Id { get; init; }

    /// <summary>The requester.</summary>
    public required string User { get; init; }

    /// <summary>Requested roles.</summary>
    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>Current state.</summary>
    public required AccessRequestState State { get; init; }

    /// <summary>The requester's reason.</summary>
    public required string RequestReason { get; init; }

    /// <summary>Why the request was resolved.</summary>
    public required string ResolveReason { get; init; }

    /// <summary>Creation time.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>When the request resource expires (and watchers see DELETE).</summary>
    public required DateTimeOffset Expires { get; init; }

    /// <summary>Suggested reviewers.</summary>
    public required IReadOnlyList<string> SuggestedReviewers { get; init; }

    /// <summary>System annotations.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Annotations { get; init; }

    /// <summary>Review thresholds in index order.</summary>
    public required IReadOnlyList<ReviewThresholdSpec> Thresholds { get; init; }

    /// <summary>Reviews in submission order.</summary>
    public required IReadOnlyList<SimulatedReview> Reviews { get; init; }
}
