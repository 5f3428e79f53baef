namespace TeleportPlugins.Simulator.Control;

/// <summary>POST /requests.</summary>
internal sealed record CreateRequestBody
{
    public string User { get; init; } = "";

    public IReadOnlyList<string> Roles { get; init; } = [];

    public string Reason { get; init; } = "";

    public IReadOnlyList<string> SuggestedReviewers { get; init; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Annotations { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<ReviewThresholdSpec> Thresholds { get; init; } = [];

    /// <summary>Requested resources as <c>/cluster/kind/name</c>.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>Lifetime of the pending request in seconds; absent means the simulator default.</summary>
    public long? TtlSeconds { get; init; }
}
