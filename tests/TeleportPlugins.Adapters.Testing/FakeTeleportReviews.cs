using System.Collections.Concurrent;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Testing;

/// <summary>
/// An <see cref="IOnBehalfReviewService"/> for adapter tests with Teleport's rules for reviews submitted on behalf of a
/// user: the author must be a known user allowed to review, never the requester; one review per author; none once the
/// request is resolved; a request resolves when its approvals (or denials) reach its threshold, one by default. <see cref="Audit"/> holds every review Teleport
/// recorded, so a refused or replayed click can be shown to change nothing. The end-to-end tests check the same rules
/// against the simulator.
/// </summary>
public sealed class FakeTeleportReviews : IOnBehalfReviewService
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeRequest> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IReadOnlyDictionary<string, IReadOnlyList<string>> Traits, bool CanReview)> _users = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool IsAvailable => true;

    /// <summary>Every review Teleport recorded, in order.</summary>
    public ConcurrentQueue<OnBehalfReview> Audit { get; } = new();

    /// <summary>How many times <see cref="FindReviewerAsync"/> was called.</summary>
    public int Lookups => _lookups;

    /// <summary>How many times <see cref="SubmitAsync"/> was called.</summary>
    public int Submissions => _submissions;

    private int _lookups;
    private int _submissions;

    /// <summary>Adds a Teleport user.</summary>
    /// <param name="name">The username.</param>
    /// <param name="traits">Its traits, e.g. <c>("slack_uid", "U123")</c>.</param>
    /// <param name="canReview">Whether its roles allow reviewing requests.</param>
    /// <returns>This fake.</returns>
    public FakeTeleportReviews AddUser(string name, bool canReview = true, params (string Trait, string Value)[] traits)
    {
        lock (_lock)
        {
            _users[name] = (
                traits.GroupBy(t => t.Trait, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(t => t.Value)], StringComparer.Ordinal),
                canReview);
        }

        return this;
    }

    /// <summary>Adds a pending request.</summary>
    /// <param name="id">The request ID.</param>
    /// <param name="requester">The requesting user.</param>
    /// <param name="approvals">How many approvals (or denials) resolve it.</param>
    /// <returns>This fake.</returns>
    public FakeTeleportReviews AddRequest(string id, string requester, int approvals = 1)
    {
        lock (_lock)
        {
            _requests[id] = new FakeRequest(requester, approvals);
        }

        return this;
    }

    /// <summary>The request's state now.</summary>
    /// <param name="id">The request ID.</param>
    /// <returns>The state.</returns>
    public AccessRequestState StateOf(string id)
    {
        lock (_lock)
        {
            return _requests[id].State;
        }
    }

    /// <summary>Resolves a request as if in the Web UI.</summary>
    /// <param name="id">The request ID.</param>
    /// <param name="state">The final state.</param>
    public void Resolve(string id, AccessRequestState state)
    {
        lock (_lock)
        {
            _requests[id].State = state;
        }
    }

    /// <inheritdoc />
    public Task<ReviewerLookup> FindReviewerAsync(ReviewerBinding binding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        Interlocked.Increment(ref _lookups);
        lock (_lock)
        {
            var byTrait = _users
                .Where(u => u.Value.Traits.TryGetValue(binding.Trait, out var values) && values.Contains(binding.ToolUserId, StringComparer.Ordinal))
                .Select(u => u.Key)
                .ToList();
            if (byTrait.Count == 1)
            {
                return Task.FromResult(ReviewerLookup.Found(byTrait[0]));
            }

            if (byTrait.Count > 1)
            {
                return Task.FromResult(new ReviewerLookup(ReviewerLookupOutcome.Ambiguous, null, $"{byTrait.Count} users have trait '{binding.Trait}' = {binding.ToolUserId}"));
            }

            if (binding.AllowEmailUsernameMatch && binding.ToolUserEmail is { Length: > 0 } email && _users.ContainsKey(email))
            {
                return Task.FromResult(ReviewerLookup.Found(email));
            }

            return Task.FromResult(new ReviewerLookup(ReviewerLookupOutcome.NotFound, null, $"no user has trait '{binding.Trait}' = {binding.ToolUserId}"));
        }
    }

    /// <inheritdoc />
    public Task<OnBehalfReviewResult> SubmitAsync(OnBehalfReview review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        Interlocked.Increment(ref _submissions);
        lock (_lock)
        {
            if (!_requests.TryGetValue(review.RequestId, out var request))
            {
                return Result(OnBehalfReviewOutcome.NotFound, $"access request \"{review.RequestId}\" not found");
            }

            if (!_users.TryGetValue(review.TeleportUser, out var user) || !user.CanReview)
            {
                return Result(OnBehalfReviewOutcome.Refused, $"user \"{review.TeleportUser}\" cannot review this request", request.State);
            }

            if (string.Equals(review.TeleportUser, request.Requester, StringComparison.Ordinal))
            {
                return Result(OnBehalfReviewOutcome.Refused, $"user \"{review.TeleportUser}\" cannot review their own request", request.State);
            }

            if (request.State != AccessRequestState.Pending)
            {
                return Result(OnBehalfReviewOutcome.AlreadyResolved, "the access request has been already resolved", request.State);
            }

            if (!request.Authors.TryAdd(review.TeleportUser, review.ProposedState))
            {
                return Result(OnBehalfReviewOutcome.AlreadyReviewed, $"user \"{review.TeleportUser}\" has already reviewed this request", request.State);
            }

            if (request.Authors.Count(a => a.Value == review.ProposedState) >= request.Threshold)
            {
                request.State = review.ProposedState;
            }

            Audit.Enqueue(review);
            return Result(OnBehalfReviewOutcome.Applied, "review recorded", request.State);
        }
    }

    private static Task<OnBehalfReviewResult> Result(OnBehalfReviewOutcome outcome, string message, AccessRequestState? state = null) =>
        Task.FromResult(new OnBehalfReviewResult(outcome, message, state));

    private sealed class FakeRequest(string requester, int threshold)
    {
        public string Requester { get; } = requester;

        public int Threshold { get; } = threshold;

        public AccessRequestState State { get; set; } = AccessRequestState.Pending;

        public Dictionary<string, AccessRequestState> Authors { get; } = new(StringComparer.Ordinal);
    }
}
