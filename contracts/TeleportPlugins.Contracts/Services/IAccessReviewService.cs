namespace TeleportPlugins.Contracts;

/// <summary>
/// Lets an adapter act on a request in Teleport through the host, which records who acted and why.
/// Both calls are idempotent: repeating them after success changes nothing and reports so.
/// </summary>
public interface IAccessReviewService
{
    /// <summary>
    /// Submits a review as the host's own Teleport identity, e.g. an auto-approval because the requester is on call.
    /// </summary>
    /// <param name="requestId">The request.</param>
    /// <param name="proposedState"><see cref="AccessRequestState.Approved"/> or <see cref="AccessRequestState.Denied"/>.</param>
    /// <param name="reason">Why; name the adapter and the evidence (e.g. "alice is on call in PagerDuty service 'db'").</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the review was recorded now or had been already.</returns>
    Task<ReviewOutcome> SubmitReviewAsync(string requestId, AccessRequestState proposedState, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Approves or denies a request directly, on behalf of a user of the tool (approve-from-tool). Teleport's audit
    /// log records the delegator <c>adapter:externalUser</c>. Only call this after verifying the decision with the tool.
    /// </summary>
    /// <param name="requestId">The request.</param>
    /// <param name="state"><see cref="AccessRequestState.Approved"/> or <see cref="AccessRequestState.Denied"/>.</param>
    /// <param name="reason">The resolution reason.</param>
    /// <param name="externalUser">Who decided in the tool, e.g. an e-mail address or user name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the state was set now or the request was already resolved.</returns>
    Task<ReviewOutcome> SetRequestStateAsync(string requestId, AccessRequestState state, string reason, string externalUser, CancellationToken cancellationToken);
}
