using System.Globalization;

namespace TeleportPlugins.Host.State;

/// <summary>One step an adapter owes for one request.</summary>
/// <param name="Kind">Which step.</param>
/// <param name="ReviewIndex">
/// For <see cref="StepKind.ReviewAdded"/>, the review's position in the request; for <see cref="StepKind.Reminder"/>, the
/// reminder's number (from 1); otherwise -1.
/// </param>
internal sealed record LifecycleStep(StepKind Kind, int ReviewIndex = -1)
{
    /// <summary>The step's name in claims, failure records and logs: <c>created</c>, <c>review:2</c>, <c>reminder:1</c>, ...</summary>
    public string Name => Kind is StepKind.ReviewAdded or StepKind.Reminder
        ? string.Create(CultureInfo.InvariantCulture, $"{KindName(Kind)}:{ReviewIndex}")
        : KindName(Kind);

    /// <summary>
    /// The name of a kind of step, a review's without its position: <c>created</c>, <c>auto_review</c>, <c>review</c>,
    /// <c>resolved</c>, <c>expired</c>, <c>reminder</c>. The metrics' <c>step</c> label, whose values must stay few.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its name.</returns>
    public static string KindName(StepKind kind) => kind switch
    {
        StepKind.Created => "created",
        StepKind.AutoReview => "auto_review",
        StepKind.ReviewAdded => "review",
        StepKind.Resolved => "resolved",
        StepKind.Expired => "expired",
        StepKind.Reminder => "reminder",
        _ => throw new InvalidOperationException($"Unknown step kind {kind}."),
    };

    /// <inheritdoc />
    public override string ToString() => Name;
}
