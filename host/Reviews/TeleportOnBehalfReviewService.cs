using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Reviews;

/// <summary>
/// Approve-from-tool against Teleport: binds a tool's user to the one Teleport user whose trait holds the tool's user ID
/// (teleport.users.v1.UsersService/ListUsers, answers cached for a minute), and submits a review as that user flagged
/// submitted_on_behalf_of_author with the host's own user as submitter, so Teleport decides with that user's roles.
/// Teleport's refusals are told apart by status code and a re-read of the request, never by message text alone, and a
/// call that did not get through is not retried: the click is the user's, and they may click again.
/// </summary>
internal sealed partial class TeleportOnBehalfReviewService(
    ITeleportOnBehalfClient teleport,
    Func<string> hostUser,
    TimeProvider time,
    ILogger<TeleportOnBehalfReviewService> logger) : IOnBehalfReviewService
{
    /// <summary>How long a look-up answer is kept.</summary>
    public static readonly TimeSpan LookupLifetime = TimeSpan.FromMinutes(1);

    private const int LookupCapacity = 10_000;

    private const string MissingUserRead =
        "the host's Teleport role may not list users: it needs the rule resources [user] with verbs [list, read]";

    private const string MissingSubmitForUsers =
        "the host's Teleport role needs review_requests.submit_for_users (Teleport's preset role access-plugin-with-review has it)";

    private readonly LookupCache<ReviewerBinding, ReviewerLookup> _lookups = new(time, LookupLifetime, LookupCapacity);

    /// <inheritdoc />
    public bool IsAvailable => true;

    /// <inheritdoc />
    public async Task<ReviewerLookup> FindReviewerAsync(ReviewerBinding binding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        if (string.IsNullOrWhiteSpace(binding.Trait) || string.IsNullOrEmpty(binding.ToolUserId))
        {
            return new ReviewerLookup(ReviewerLookupOutcome.NotFound, null, "no trait name or no tool user ID to bind by");
        }

        // The e-mail only matters when it may be used; otherwise it must not split the cache.
        var key = binding.AllowEmailUsernameMatch ? binding : binding with { ToolUserEmail = null };
        if (_lookups.TryGet(key, out var cached))
        {
            return cached;
        }

        IReadOnlyList<TeleportUser> users;
        try
        {
            users = await teleport.ListUsersAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            LogUsersUnavailable(logger, e.StatusCode);
            // Not cached: a role fixed or an outage over is seen on the next click.
            return new ReviewerLookup(ReviewerLookupOutcome.Unavailable, null, e.StatusCode switch
            {
                StatusCode.PermissionDenied => MissingUserRead,
                StatusCode.Unimplemented => "this Auth Service has no teleport.users.v1.UsersService (Teleport 14 or newer is needed)",
                _ => $"Teleport did not answer the user look-up ({e.StatusCode})",
            });
        }

        var answer = Bind(key, users);
        _lookups.Set(key, answer);
        return answer;
    }

    /// <inheritdoc />
    public async Task<OnBehalfReviewResult> SubmitAsync(OnBehalfReview review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        if (review.ProposedState is not (AccessRequestState.Approved or AccessRequestState.Denied) || string.IsNullOrEmpty(review.TeleportUser))
        {
            return new OnBehalfReviewResult(OnBehalfReviewOutcome.Refused, "a review needs a Teleport user and approves or denies");
        }

        try
        {
            var after = await teleport.SubmitReviewOnBehalfAsync(
                review.RequestId, review.TeleportUser, hostUser(), review.ProposedState, review.Reason, cancellationToken).ConfigureAwait(false);
            LogApplied(logger, review.Tool, review.ToolUserId, review.TeleportUser, review.ProposedState, review.RequestId, after.State);
            return new OnBehalfReviewResult(OnBehalfReviewOutcome.Applied, $"review recorded as {review.TeleportUser}", after.State);
        }
        catch (RpcException e) when (TeleportFailures.IsTransient(e))
        {
            LogNotThrough(logger, review.Tool, review.RequestId, e.StatusCode);
            return new OnBehalfReviewResult(
                OnBehalfReviewOutcome.Refused,
                $"Teleport could not be reached or did not answer in time ({e.StatusCode}); try again (a review Teleport already has is not recorded twice)");
        }
        catch (RpcException e)
        {
            var result = await ExplainAsync(review, e, cancellationToken).ConfigureAwait(false);
            LogRefused(logger, review.Tool, review.RequestId, review.TeleportUser, e.StatusCode, result.Outcome);
            return result;
        }
    }

    private static ReviewerLookup Bind(ReviewerBinding binding, IReadOnlyList<TeleportUser> users)
    {
        var bound = users
            .Where(u => u.Traits.TryGetValue(binding.Trait, out var values) && values.Contains(binding.ToolUserId, StringComparer.Ordinal))
            .Select(u => u.Name)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (bound.Count == 1)
        {
            return ReviewerLookup.Found(bound[0]);
        }

        if (bound.Count > 1)
        {
            return new ReviewerLookup(ReviewerLookupOutcome.Ambiguous, null, $"{bound.Count} Teleport users have trait '{binding.Trait}' = {binding.ToolUserId}");
        }

        // The e-mail is taken as a username only when the operator allowed it, and only when no trait matched.
        if (binding.AllowEmailUsernameMatch && binding.ToolUserEmail is { Length: > 0 } email
            && users.Any(u => string.Equals(u.Name, email, StringComparison.Ordinal)))
        {
            return ReviewerLookup.Found(email);
        }

        return new ReviewerLookup(ReviewerLookupOutcome.NotFound, null, binding.AllowEmailUsernameMatch
            ? $"no Teleport user has trait '{binding.Trait}' = {binding.ToolUserId} or is named as your e-mail address"
            : $"no Teleport user has trait '{binding.Trait}' = {binding.ToolUserId}");
    }

    /// <summary>What a refusal means, from its code and the request as it is now.</summary>
    private async Task<OnBehalfReviewResult> ExplainAsync(OnBehalfReview review, RpcException refusal, CancellationToken cancellationToken)
    {
        AccessRequestSnapshot? request;
        try
        {
            request = await teleport.GetAccessRequestAsync(review.RequestId, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // Without the request nothing more is known: Teleport's own answer is the best there is.
            return Refused(refusal);
        }

        if (request is null)
        {
            return new OnBehalfReviewResult(OnBehalfReviewOutcome.NotFound, $"access request {review.RequestId} does not exist");
        }

        if (request.Reviews.Any(r => string.Equals(r.Author, review.TeleportUser, StringComparison.Ordinal)))
        {
            return new OnBehalfReviewResult(OnBehalfReviewOutcome.AlreadyReviewed, $"{review.TeleportUser} has already reviewed this request", request.State);
        }

        if (request.IsResolved)
        {
            return new OnBehalfReviewResult(OnBehalfReviewOutcome.AlreadyResolved, $"the request is already {request.State.ToString().ToLowerInvariant()}", request.State);
        }

        return Refused(refusal, request.State);
    }

    private static OnBehalfReviewResult Refused(RpcException refusal, AccessRequestState? state = null)
    {
        var message = refusal.Status.Detail.Length > 0 ? refusal.Status.Detail : refusal.StatusCode.ToString();
        // The outcome is already decided by code and re-read; the wording only chooses which hint helps the operator.
        // Teleport says "cannot submit reviews on behalf of" both when the role lacks submit_for_users and when the
        // server is too old to know the flag.
        if (refusal.StatusCode == StatusCode.PermissionDenied && message.Contains("on behalf of", StringComparison.Ordinal))
        {
            message = $"{message}: {MissingSubmitForUsers}";
        }

        return new OnBehalfReviewResult(OnBehalfReviewOutcome.Refused, message, state);
    }

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "{Tool} user {ToolUserId} reviewed request {RequestId} as Teleport user {TeleportUser}: {State}; the request is now {RequestState}")]
    private static partial void LogApplied(ILogger logger, string tool, string toolUserId, string teleportUser, AccessRequestState state, string requestId, AccessRequestState requestState);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "{Tool}: Teleport refused the review of request {RequestId} as {TeleportUser} with {Status}: {Outcome}")]
    private static partial void LogRefused(ILogger logger, string tool, string requestId, string teleportUser, StatusCode status, OnBehalfReviewOutcome outcome);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Warning, Message = "{Tool}: the review of request {RequestId} did not get through to Teleport ({Status}); not retried, the user may click again")]
    private static partial void LogNotThrough(ILogger logger, string tool, string requestId, StatusCode status);

    [LoggerMessage(EventId = 2405, Level = LogLevel.Warning, Message = "Could not list Teleport users to bind a tool user ({Status}); reviews from tools are refused until it works")]
    private static partial void LogUsersUnavailable(ILogger logger, StatusCode status);
}
