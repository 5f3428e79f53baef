using System.Collections.Concurrent;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Testing;

/// <summary>A review service that records what an adapter asked the host to do.</summary>
public sealed class RecordingReviewService : IAccessReviewService
{
    /// <summary>Submitted reviews: request, state, reason.</summary>
    public ConcurrentQueue<(string RequestId, AccessRequestState State, string Reason)> Reviews { get; } = new();

    /// <summary>State changes: request, state, reason, external user.</summary>
    public ConcurrentQueue<(string RequestId, AccessRequestState State, string Reason, string ExternalUser)> StateChanges { get; } = new();

    /// <inheritdoc />
    public Task<ReviewOutcome> SubmitReviewAsync(string requestId, AccessRequestState proposedState, string reason, CancellationToken cancellationToken)
    {
        Reviews.Enqueue((requestId, proposedState, reason));
        return Task.FromResult(ReviewOutcome.Applied);
    }

    /// <inheritdoc />
    public Task<ReviewOutcome> SetRequestStateAsync(string requestId, AccessRequestState state, string reason, string externalUser, CancellationToken cancellationToken)
    {
        StateChanges.Enqueue((requestId, state, reason, externalUser));
        return Task.FromResult(ReviewOutcome.Applied);
    }
}
