using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// The bot's messaging endpoint (<c>/adapters/teams/messages</c>) for Approve and Deny clicks on a request's card. The
/// Bot Framework token is verified before the activity is read (<see cref="BotFrameworkTokens"/>); then the activity's
/// <c>serviceUrl</c> must be the token's and its channel one the signing key is endorsed for, each activity ID is acted
/// on once within 5 minutes of its timestamp (<see cref="ReplayGuard"/>), and the click goes to
/// <see cref="ToolReviewFlow"/>, bound by the user's Entra ID object ID. The answer is an Adaptive Card that replaces
/// the clicked one for the clicking user only, with the outcome; the next update of the request's card (a review, the
/// resolution) replaces it for everyone.
/// </summary>
internal sealed partial class TeamsReviewEndpoint(
    TeamsOptions options,
    BotFrameworkTokens tokens,
    ToolReviewFlow flow,
    ReplayGuard replays,
    RefitApi<IGraphApi> graph,
    ILogger logger,
    int maxBodyBytes)
{
    public const string Route = "messages";
    public const string ApproveVerb = "approve";
    public const string DenyVerb = "deny";
    private const string InvokeName = "adaptiveCard/action";

    public async Task<InboundResponse> HandleAsync(InboundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Body.Length > maxBodyBytes)
        {
            return new InboundResponse(413, "request body too large");
        }

        var check = await tokens.VerifyAsync(request.Headers.GetValueOrDefault("Authorization"), cancellationToken);
        if (check.Verdict == BotTokenVerdict.KeysUnavailable)
        {
            LogRejected(logger, check.Reason);
            return new InboundResponse(503, "try again later");
        }

        if (check.Verdict != BotTokenVerdict.Valid)
        {
            LogRejected(logger, check.Reason);
            return InboundResponse.Unauthorized;
        }

        TeamsInboundActivity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(request.Body.Span, TeamsJsonContext.Default.TeamsInboundActivity);
        }
        catch (JsonException)
        {
            return InboundResponse.BadRequest;
        }

        if (activity is null)
        {
            return InboundResponse.BadRequest;
        }

        // The token vouches for the service that sent it, not for the body: the body must name the same service and a
        // channel the signing key is endorsed for, or a token taken from one activity could carry another.
        if (!SameService(activity.ServiceUrl, check.ServiceUrl)
            || (check.Endorsements.Count > 0 && !check.Endorsements.Contains(activity.ChannelId ?? string.Empty, StringComparer.Ordinal)))
        {
            LogRejected(logger, "the activity's serviceUrl or channelId does not match its token");
            return InboundResponse.Unauthorized;
        }

        if (!string.Equals(activity.Type, "invoke", StringComparison.Ordinal) || !string.Equals(activity.Name, InvokeName, StringComparison.Ordinal))
        {
            // Installs, messages typed to the bot, reactions: nothing to do, and the Bot Framework wants a 2xx.
            return InboundResponse.Ok;
        }

        if (Click(activity) is not { } click || activity.Id is not { Length: > 0 } activityId || activity.Timestamp is not { } timestamp)
        {
            return InboundResponse.BadRequest;
        }

        switch (replays.Check(activityId, timestamp))
        {
            case ReplayCheck.Stale:
                LogRejected(logger, "the activity's timestamp is outside the 5-minute window");
                return InboundResponse.Unauthorized;
            case ReplayCheck.Full:
                return new InboundResponse(503, "try again later");
            case ReplayCheck.Replayed:
                LogReplayed(logger, activityId, click.RequestId);
                return Answer(click.RequestId, "This click was already handled; nothing more was submitted.");
        }

        if (click.ToolUserId.Length == 0)
        {
            return Answer(click.RequestId, "Nothing was submitted: Teams did not say which Entra ID user clicked. Review in the Teleport Web UI.");
        }

        var email = options.Review.AllowEmailUsernameMatch ? await MailOfAsync(click.ToolUserId, cancellationToken) : null;
        var reply = await flow.ReviewAsync(click with { ToolUserEmail = email }, cancellationToken);
        return Answer(click.RequestId, reply.Text);
    }

    private static bool SameService(string? activity, string? token) =>
        activity is not null && token is not null && string.Equals(activity.TrimEnd('/'), token.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The click an invoke carries, or null when it is not one of our buttons' shape.</summary>
    private static ToolClick? Click(TeamsInboundActivity activity)
    {
        if (activity.Value?.Action is not { Type: "Action.Execute" } action || action.Data is not { RequestId: { Length: > 0 } requestId } data
            || !string.Equals(action.Verb, data.Action, StringComparison.Ordinal))
        {
            return null;
        }

        var state = action.Verb switch
        {
            ApproveVerb => AccessRequestState.Approved,
            DenyVerb => AccessRequestState.Denied,
            _ => AccessRequestState.None,
        };
        return state == AccessRequestState.None
            ? null
            : new ToolClick(requestId, state, activity.From?.AadObjectId ?? string.Empty, null, data.Reason?.Trim() ?? string.Empty);
    }

    private static InboundResponse Answer(string requestId, string text) =>
        new(200, JsonSerializer.Serialize(new TeamsInvokeResponse(200, BotAttachment.AdaptiveCardType, TeamsCards.Outcome(requestId, text)), TeamsJsonContext.Default.TeamsInvokeResponse))
        {
            ContentType = "application/json; charset=utf-8",
        };

    /// <summary>The user's e-mail address from Graph, for <c>allow_email_username_match</c>; null when Graph cannot say.</summary>
    private async Task<string?> MailOfAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            return (await graph.Api.GetUserAsync(userId, cancellationToken)).Mail;
        }
        catch (Exception e) when (e is Refit.ApiException or HttpRequestException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 184, Level = LogLevel.Warning, Message = "Teams: a call to the messaging endpoint was refused: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 185, Level = LogLevel.Information, Message = "Teams: activity {ActivityId} (a click on request {RequestId}) was delivered again; nothing more was submitted")]
    private static partial void LogReplayed(ILogger logger, string activityId, string requestId);
}
