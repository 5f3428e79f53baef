using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// <c>POST /adapters/mattermost/action</c>: a click on an Approve or Deny button, as the Mattermost server forwards it.
/// The button's token is checked before anything else in the body is used (401 when it does not verify); then the click
/// is reviewed as the Teleport user bound to the clicking Mattermost user (<see cref="ToolReviewFlow"/>), and the outcome
/// is shown to that user alone (<c>ephemeral_text</c>).
/// </summary>
/// <remarks>
/// Mattermost sends no timestamp and no delivery ID, so a click is remembered by user, post and action for
/// <see cref="RetryWindow"/>: a retry within it is answered without asking Teleport again. A later replay of a captured
/// body is not refused here; Teleport records one review per user and none once the request is resolved, so it changes
/// nothing, and the route should only be reachable by the Mattermost server.
/// </remarks>
internal sealed partial class MattermostActionHandler(
    MattermostButtons buttons, MattermostPlatform platform, ToolReviewFlow flow, MattermostReviewOptions options, ReplayGuard replays, TimeProvider time, ILogger logger)
{
    /// <summary>How long a click is remembered to drop the Mattermost server's or the user's quick retries.</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromMinutes(1);

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

        switch (replays.Check($"{userId}\n{postId}\n{context.Action}", time.GetUtcNow()))
        {
            case ReplayCheck.Replayed:
                LogRetried(logger, context.RequestId!, userId);
                return Ephemeral("This click was already received; Teleport was not asked again.");
            case ReplayCheck.Full:
                return new InboundResponse(503, "too many clicks; try again");
        }

        var email = options.AllowEmailUsernameMatch ? await FindEmailAsync(userId, cancellationToken) : null;
        var reply = await flow.ReviewAsync(new ToolClick(context.RequestId!, state, userId, email, string.Empty), cancellationToken);
        return Ephemeral(reply.Text);
    }

    private static InboundResponse Ephemeral(string text) =>
        new(200, JsonSerializer.Serialize(new MattermostActionResponse(text), MattermostJsonContext.Default.MattermostActionResponse));

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
}
