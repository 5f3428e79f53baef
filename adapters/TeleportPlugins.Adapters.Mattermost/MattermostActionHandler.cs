using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// <c>POST /adapters/mattermost/action</c>: a click on an Approve or Deny button, as the Mattermost server forwards it,
/// or the submission of the reason dialog a Deny opens. The button's token (or the dialog state's) is checked before
/// anything else in the body is used (401 when it does not verify); then the click is reviewed as the Teleport user
/// bound to the clicking Mattermost user (<see cref="ToolReviewFlow"/>). A click's outcome is shown to that user alone
/// (<c>ephemeral_text</c>); a dialog closes when the review was recorded and otherwise shows why not.
/// </summary>
/// <remarks>
/// Mattermost sends no timestamp and no delivery ID, so a click is remembered by user, post and action (a submission by
/// user and request) for <see cref="RetryWindow"/>: a retry within it is answered without asking Teleport again. A later
/// replay of a captured body is not refused here; Teleport records one review per user and none once the request is
/// resolved, so it changes nothing, and the route should only be reachable by the Mattermost server.
/// </remarks>
internal sealed partial class MattermostActionHandler(
    MattermostButtons buttons, MattermostPlatform platform, ToolReviewFlow flow, MattermostReviewOptions options, ReplayGuard replays, TimeProvider time, ILogger logger)
{
    /// <summary>How long a click is remembered to drop the Mattermost server's or the user's quick retries.</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromMinutes(1);

    private const string DialogSubmission = "dialog_submission";

    public async Task<InboundResponse> HandleAsync(InboundRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        // The host refuses larger bodies before this runs; checked again so the handler never parses more than allowed.
        if (request.Body.Length > maxBodyBytes)
        {
            LogRejected(logger, "body larger than the limit");
            return new InboundResponse(413, "request body too large");
        }

        MattermostActionRequest? click;
        try
        {
            click = JsonSerializer.Deserialize(request.Body.Span, MattermostJsonContext.Default.MattermostActionRequest);
        }
        catch (JsonException)
        {
            LogRejected(logger, "body is not a Mattermost action");
            return InboundResponse.BadRequest;
        }

        if (click?.Type == DialogSubmission)
        {
            return await SubmitAsync(click, cancellationToken);
        }

        if (!buttons.IsAuthentic(click?.Context))
        {
            LogRejected(logger, "missing or wrong button token");
            return InboundResponse.Unauthorized;
        }

        var context = click!.Context!;
        var state = context.Action switch
        {
            MattermostButtons.Approve => AccessRequestState.Approved,
            MattermostButtons.Deny => AccessRequestState.Denied,
            _ => AccessRequestState.None,
        };
        if (state == AccessRequestState.None || click.UserId is not { Length: > 0 } userId || click.PostId is not { Length: > 0 } postId)
        {
            LogRejected(logger, "action, user_id or post_id missing");
            return InboundResponse.BadRequest;
        }

        var requestId = context.RequestId!;
        if (IsRetry($"{userId}\n{postId}\n{context.Action}", requestId, userId) is { } retried)
        {
            return retried;
        }

        if (state == AccessRequestState.Denied && click.TriggerId is { Length: > 0 } trigger && await OpenReasonDialogAsync(trigger, requestId, userId, cancellationToken))
        {
            return Answer(new MattermostActionResponse());
        }

        var reply = await ReviewAsync(requestId, state, userId, string.Empty, cancellationToken);
        return Answer(new MattermostActionResponse(reply.Text));
    }

    private static InboundResponse Answer(MattermostActionResponse response) =>
        new(200, JsonSerializer.Serialize(response, MattermostJsonContext.Default.MattermostActionResponse)) { ContentType = "application/json" };

    private static InboundResponse Answer(MattermostDialogResponse response) =>
        new(200, JsonSerializer.Serialize(response, MattermostJsonContext.Default.MattermostDialogResponse)) { ContentType = "application/json" };

    /// <summary>The reason dialog's submission: a denial with the reason, for the user the dialog was opened for.</summary>
    private async Task<InboundResponse> SubmitAsync(MattermostActionRequest submission, CancellationToken cancellationToken)
    {
        if (buttons.DialogRequest(submission.State, submission.UserId) is not { } requestId)
        {
            LogRejected(logger, "dialog state missing, wrong, or for another user");
            return InboundResponse.Unauthorized;
        }

        var userId = submission.UserId!;
        if (submission.Cancelled)
        {
            return Answer(new MattermostDialogResponse());
        }

        if (IsRetry($"{userId}\n{requestId}\ndialog", requestId, userId) is not null)
        {
            return Answer(new MattermostDialogResponse());
        }

        var reply = await ReviewAsync(requestId, AccessRequestState.Denied, userId, MattermostButtons.Reason(submission.Submission), cancellationToken);

        // Recorded: the dialog closes, and the post's thread shows the review. Otherwise the dialog says why not.
        return Answer(new MattermostDialogResponse(reply.Applied ? null : reply.Text));
    }

    /// <summary>The answer to a retry within <see cref="RetryWindow"/>, or null when this is the first delivery.</summary>
    private InboundResponse? IsRetry(string key, string requestId, string userId)
    {
        switch (replays.Check(key, time.GetUtcNow()))
        {
            case ReplayCheck.Replayed:
                LogRetried(logger, requestId, userId);
                return Answer(new MattermostActionResponse("This click was already received; Teleport was not asked again."));
            case ReplayCheck.Full:
                return new InboundResponse(503, "too many clicks; try again");
            default:
                return null;
        }
    }

    /// <summary>Opens the reason dialog; false when Mattermost refused it (an expired trigger), so the click denies without a reason.</summary>
    private async Task<bool> OpenReasonDialogAsync(string triggerId, string requestId, string userId, CancellationToken cancellationToken)
    {
        try
        {
            await platform.OpenDialogAsync(triggerId, options.CallbackUrl!, buttons.ReasonDialog(requestId, userId), cancellationToken);
            return true;
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException or HttpRequestException)
        {
            LogDialogFailed(logger, requestId, e.Message);
            return false;
        }
    }

    private async Task<ToolReviewReply> ReviewAsync(string requestId, AccessRequestState state, string userId, string reason, CancellationToken cancellationToken)
    {
        var email = options.AllowEmailUsernameMatch ? await FindEmailAsync(userId, cancellationToken) : null;
        return await flow.ReviewAsync(new ToolClick(requestId, state, userId, email, reason), cancellationToken);
    }

    private async Task<string?> FindEmailAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            return await platform.FindEmailAsync(userId, cancellationToken);
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException or HttpRequestException)
        {
            // Binding by trait still works; only the e-mail fallback is lost for this click.
            LogEmailUnknown(logger, userId, e.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 3620, Level = LogLevel.Warning, Message = "Mattermost: refused a button click: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 3621, Level = LogLevel.Information, Message = "Mattermost: a repeated click on request {RequestId} by user {UserId} was answered without asking Teleport again")]
    private static partial void LogRetried(ILogger logger, string requestId, string userId);

    [LoggerMessage(EventId = 3622, Level = LogLevel.Warning, Message = "Mattermost: the e-mail address of user {UserId} could not be read ({Cause}); binding by trait only")]
    private static partial void LogEmailUnknown(ILogger logger, string userId, string cause);

    [LoggerMessage(EventId = 3623, Level = LogLevel.Warning, Message = "Mattermost: the reason dialog for request {RequestId} could not be opened ({Cause}); denying without a reason")]
    private static partial void LogDialogFailed(ILogger logger, string requestId, string cause);
}
