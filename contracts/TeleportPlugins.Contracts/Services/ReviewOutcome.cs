namespace TeleportPlugins.Contracts;

/// <summary>The result of a call to <see cref="IAccessReviewService"/>.</summary>
public enum ReviewOutcome
{
    /// <summary>Teleport recorded the review or state change now.</summary>
    Applied = 0,

    /// <summary>Nothing changed: this identity had already reviewed, or the request was already resolved.</summary>
    AlreadyDone = 1,

    /// <summary>The request no longer exists.</summary>
    RequestNotFound = 2,
}
