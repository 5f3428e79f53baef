namespace TeleportPlugins.Contracts;

/// <summary>The outcome of <see cref="IOnBehalfReviewService.SubmitAsync"/> (contract 1.4).</summary>
public enum OnBehalfReviewOutcome
{
    /// <summary>Teleport recorded the review now.</summary>
    Applied = 0,

    /// <summary>This user had already reviewed the request; nothing changed (a retried or replayed click).</summary>
    AlreadyReviewed = 1,

    /// <summary>The request was already approved, denied, promoted or expired; nothing changed.</summary>
    AlreadyResolved = 2,

    /// <summary>The request does not exist (any more).</summary>
    NotFound = 3,

    /// <summary>Teleport refused: the user may not review it (roles, own request, ...); the message says why.</summary>
    Refused = 4,
}
