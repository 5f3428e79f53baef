namespace TeleportPlugins.Contracts;

/// <summary>
/// Approve-from-tool with Teleport's own rules (since contract 1.4): finds the Teleport user bound to a tool's user and
/// submits a review as that user, so Teleport decides with that user's roles, thresholds and the no-self-review rule.
/// The host's Teleport identity needs <c>review_requests.submit_for_users</c>. Call it only after the tool's callback
/// verified (signature or token, timestamp window, replay check).
/// </summary>
public interface IOnBehalfReviewService
{
    /// <summary>Whether the host offers the service; false on a host without it (every call then answers Refused).</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Finds the one Teleport user bound to a tool's user: the user whose trait <see cref="ReviewerBinding.Trait"/>
    /// holds <see cref="ReviewerBinding.ToolUserId"/>, or, only when <see cref="ReviewerBinding.AllowEmailUsernameMatch"/>
    /// is set and no trait matches, the user named <see cref="ReviewerBinding.ToolUserEmail"/>. Answers are cached briefly.
    /// </summary>
    /// <param name="binding">Who clicked, and how to bind them.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The user, or why there is none.</returns>
    Task<ReviewerLookup> FindReviewerAsync(ReviewerBinding binding, CancellationToken cancellationToken);

    /// <summary>Submits <paramref name="review"/> as its <see cref="OnBehalfReview.TeleportUser"/>.</summary>
    /// <param name="review">The review.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What Teleport answered, in words a reviewer can read.</returns>
    Task<OnBehalfReviewResult> SubmitAsync(OnBehalfReview review, CancellationToken cancellationToken);
}
