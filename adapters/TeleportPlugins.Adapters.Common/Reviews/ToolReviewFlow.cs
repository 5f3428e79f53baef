using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Reviews;

/// <summary>
/// What every approve-from-tool callback does once its signature, timestamp and replay checks passed: bind the tool's
/// user to one Teleport user and submit the review as that user, so Teleport's own rules decide. Returns the sentence to
/// show the clicking user. Teleport refuses a second review by the same user, so a retried click, or the same callback
/// delivered to two replicas, records one review.
/// </summary>
public sealed partial class ToolReviewFlow
{
    private readonly IOnBehalfReviewService _reviews;
    private readonly ToolReviewOptions _options;
    private readonly string _tool;
    private readonly ILogger _logger;

    /// <summary>Creates the flow for one adapter.</summary>
    /// <param name="reviews">The host's service (<see cref="AdapterContext.OnBehalfReviews"/>).</param>
    /// <param name="options">The adapter's <c>[&lt;adapter&gt;.review]</c> section.</param>
    /// <param name="tool">The tool's name for messages, e.g. "Slack".</param>
    /// <param name="logger">The adapter's logger.</param>
    public ToolReviewFlow(IOnBehalfReviewService reviews, ToolReviewOptions options, string tool, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(logger);
        _reviews = reviews;
        _options = options;
        _tool = tool;
        _logger = logger;
    }

    /// <summary>Binds the clicking user and submits the review.</summary>
    /// <param name="click">The verified click.</param>
    /// <param name="cancellationToken">Cancels the calls to Teleport.</param>
    /// <returns>What to show the user.</returns>
    public async Task<ToolReviewReply> ReviewAsync(ToolClick click, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(click);
        if (click.ProposedState is not (AccessRequestState.Approved or AccessRequestState.Denied))
        {
            throw new ArgumentException("a click approves or denies", nameof(click));
        }

        var lookup = await _reviews.FindReviewerAsync(
            new ReviewerBinding(_options.UserIdTrait, click.ToolUserId, click.ToolUserEmail, _options.AllowEmailUsernameMatch),
            cancellationToken).ConfigureAwait(false);
        if (lookup.Outcome != ReviewerLookupOutcome.Found || lookup.TeleportUser is null)
        {
            LogUnbound(_logger, _tool, click.RequestId, click.ToolUserId, lookup.Outcome);
            return new ToolReviewReply(false, Unbound(lookup, click), null, null);
        }

        var result = await _reviews.SubmitAsync(
            new OnBehalfReview(click.RequestId, lookup.TeleportUser, click.ProposedState, click.Reason, _tool, click.ToolUserId),
            cancellationToken).ConfigureAwait(false);
        LogSubmitted(_logger, _tool, click.RequestId, click.ToolUserId, lookup.TeleportUser, click.ProposedState, result.Outcome);
        return new ToolReviewReply(result.Outcome == OnBehalfReviewOutcome.Applied, Describe(result, click, lookup.TeleportUser), lookup.TeleportUser, result.Outcome);
    }

    private string Unbound(ReviewerLookup lookup, ToolClick click) => lookup.Outcome switch
    {
        ReviewerLookupOutcome.Ambiguous =>
            $"Nothing was submitted: more than one Teleport user has the trait '{_options.UserIdTrait}' set to your {_tool} user ID ({click.ToolUserId}). Ask a Teleport administrator to keep it on one user, or review in the Teleport Web UI.",
        ReviewerLookupOutcome.Unavailable =>
            $"Nothing was submitted: Teleport could not be asked who you are ({lookup.Detail}). Try again later or review in the Teleport Web UI.",
        _ =>
            $"Nothing was submitted: your {_tool} account is not bound to a Teleport user. Ask a Teleport administrator to set the trait '{_options.UserIdTrait}' of your Teleport user to {click.ToolUserId}, or review in the Teleport Web UI.",
    };

    private static string Describe(OnBehalfReviewResult result, ToolClick click, string teleportUser)
    {
        var verb = click.ProposedState == AccessRequestState.Approved ? "approval" : "denial";
        return result.Outcome switch
        {
            OnBehalfReviewOutcome.Applied => $"Your {verb} of request {click.RequestId} was recorded in Teleport as {teleportUser}.",
            OnBehalfReviewOutcome.AlreadyReviewed => $"Nothing changed: {teleportUser} has already reviewed request {click.RequestId}.",
            OnBehalfReviewOutcome.AlreadyResolved => $"Nothing changed: request {click.RequestId} is already resolved or expired.",
            OnBehalfReviewOutcome.NotFound => $"Nothing changed: request {click.RequestId} no longer exists.",
            _ => $"Teleport refused the {verb} by {teleportUser}: {result.Message}",
        };
    }

    [LoggerMessage(EventId = 3601, Level = LogLevel.Warning, Message = "{Tool}: a review click on request {RequestId} by tool user {ToolUserId} was refused: no Teleport user bound ({Outcome})")]
    private static partial void LogUnbound(ILogger logger, string tool, string requestId, string toolUserId, ReviewerLookupOutcome outcome);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Information, Message = "{Tool}: tool user {ToolUserId} as Teleport user {TeleportUser} proposed {State} on request {RequestId}: {Outcome}")]
    private static partial void LogSubmitted(ILogger logger, string tool, string requestId, string toolUserId, string teleportUser, AccessRequestState state, OnBehalfReviewOutcome outcome);
}
