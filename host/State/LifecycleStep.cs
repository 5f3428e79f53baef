using System.Globalization;

namespace TeleportPlugins.Host.State;

/// <summary>One step an adapter owes for one request.</summary>
/// <param name="Kind">Which step.</param>
/// <param name="ReviewIndex">For <see cref="StepKind.ReviewAdded"/>, the review's position in the request; otherwise -1.</param>
internal sealed record LifecycleStep(StepKind Kind, int ReviewIndex = -1)
{
    /// <summary>The step's name in claims, failure records and logs: <c>created</c>, <c>review:2</c>, ...</summary>
    public string Name => Kind switch
    {
        StepKind.Created => "created",
        StepKind.AutoReview => "auto_review",
        StepKind.ReviewAdded => string.Create(CultureInfo.InvariantCulture, $"review:{ReviewIndex}"),
        StepKind.Resolved => "resolved",
        StepKind.Expired => "expired",
        _ => throw new InvalidOperationException($"Unknown step kind {Kind}."),
    };

    /// <inheritdoc />
    public override string ToString() => Name;
}
