using System.Collections.Concurrent;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>A review service that records calls.</summary>
internal sealed class RecordingReviewService : IAccessReviewService
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<ReviewOutcome> SubmitReviewAsync(string requestId, AccessRequestState proposedState, string reason, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"review {requestId} {proposedState} {reason}");
        return Task.FromResult(ReviewOutcome.Applied);
    }

    public Task<ReviewOutcome> SetRequestStateAsync(string requestId, AccessRequestState state, string reason, string externalUser, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"state {requestId} {state} {reason} {externalUser}");
        return Task.FromResult(ReviewOutcome.Applied);
    }
}
