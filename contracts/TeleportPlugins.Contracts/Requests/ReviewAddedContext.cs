namespace TeleportPlugins.Contracts;

/// <summary>The context of <see cref="IAccessRequestAdapter.OnReviewAddedAsync"/>.</summary>
public sealed class ReviewAddedContext : AccessRequestStepContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="request">The request, including this review.</param>
    /// <param name="state">This adapter's state for the request.</param>
    /// <param name="review">The review being announced.</param>
    /// <param name="reviewIndex">The review's zero-based position in <see cref="AccessRequestSnapshot.Reviews"/>.</param>
    public ReviewAddedContext(AccessRequestSnapshot request, AdapterRequestState state, AccessReview review, int reviewIndex)
        : base(request, state)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentOutOfRangeException.ThrowIfNegative(reviewIndex);
        Review = review;
        ReviewIndex = reviewIndex;
    }

    /// <summary>The review being announced.</summary>
    public AccessReview Review { get; }

    /// <summary>The review's zero-based position among the request's reviews.</summary>
    public int ReviewIndex { get; }
}
