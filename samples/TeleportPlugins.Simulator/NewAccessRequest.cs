namespace TeleportPlugins.Simulator;

/// <summary>What a user asks for when the simulator creates a request on their behalf.</summary>
public sealed record NewAccessRequest
{
    /// <summary>The requesting Teleport user.</summary>
    public string User { get; init; } = "";

    /// <summary>Requested roles.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The requester's reason.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Reviewers the requester suggests.</summary>
    public IReadOnlyList<string> SuggestedReviewers { get; init; } = [];

    /// <summary>System annotations, as Teleport would interpolate them from the requester's roles.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Annotations { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Review thresholds; empty means Teleport's default (one approval or one denial).</summary>
    public IReadOnlyList<ReviewThresholdSpec> Thresholds { get; init; } = [];

    /// <summary>
    /// Requested resources as Teleport prints resource IDs, <c>/cluster/kind/name</c> (e.g. <c>/sim.example.com/node/db-1</c>),
    /// sent as the request's RequestedResourceIDs.
    /// </summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>How long the pending request lives before it expires; null means the simulator's default (7 days).</summary>
    public TimeSpan? Ttl { get; init; }
}
