using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Runtime;

/// <summary>
/// The review service while the host has no Teleport connection: every call fails as transient, so a step that
/// needs it is retried once the connection exists rather than lost.
/// </summary>
internal sealed class NotConnectedReviewService : IAccessReviewService
{
    public Task<ReviewOutcome> SubmitReviewAsync(string requestId, AccessRequestState proposedState, string reason, CancellationToken cancellationToken) =>
        Task.FromException<ReviewOutcome>(new TransientAdapterException("The host is not connected to Teleport; the review cannot be submitted yet."));

    public Task<ReviewOutcome> SetRequestStateAsync(string requestId, AccessRequestState state, string reason, string externalUser, CancellationToken cancellationToken) =>
        Task.FromException<ReviewOutcome>(new TransientAdapterException("The host is not connected to Teleport; the request state cannot be set yet."));
}
