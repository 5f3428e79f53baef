namespace TeleportPlugins.Contracts;

/// <summary>What Teleport answered to an <see cref="OnBehalfReview"/> (contract 1.4).</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Message">A sentence for the clicking user: what happened, or why Teleport refused (its own words,
/// never a secret).</param>
/// <param name="RequestState">The request's state after the call, when Teleport returned it.</param>
public sealed record OnBehalfReviewResult(OnBehalfReviewOutcome Outcome, string Message, AccessRequestState? RequestState = null);
