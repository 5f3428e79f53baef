namespace TeleportPlugins.Contracts;

/// <summary>The <see cref="IOnBehalfReviewService"/> of a host without approve-from-tool: it refuses everything.</summary>
public sealed class NoOnBehalfReviews : IOnBehalfReviewService
{
    private const string Why = "this host cannot submit reviews on behalf of Teleport users";

    private NoOnBehalfReviews()
    {
    }

    /// <summary>The instance.</summary>
    public static NoOnBehalfReviews Instance { get; } = new();

    /// <inheritdoc />
    public bool IsAvailable => false;

    /// <inheritdoc />
    public Task<ReviewerLookup> FindReviewerAsync(ReviewerBinding binding, CancellationToken cancellationToken) =>
        Task.FromResult(new ReviewerLookup(ReviewerLookupOutcome.Unavailable, null, Why));

    /// <inheritdoc />
    public Task<OnBehalfReviewResult> SubmitAsync(OnBehalfReview review, CancellationToken cancellationToken) =>
        Task.FromResult(new OnBehalfReviewResult(OnBehalfReviewOutcome.Refused, Why));
}
