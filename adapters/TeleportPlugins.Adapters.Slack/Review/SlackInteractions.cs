using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Approve and Deny clicks from Slack. Over HTTP (<see cref="HandleHttp"/>) a delivery is verified before anything
/// in it is read: size, then the signature over the raw body, then its timestamp (5 minutes either way) and a replay
/// check keyed by the signature; only then is the form body parsed. Over Socket Mode the connection is authenticated by
/// the app-level token and <see cref="SlackSocketModeClient"/> checks replays by envelope ID. Both hand the payload to
/// <see cref="Handle"/>, which answers at once and does the work in the background: Approve submits the review as the
/// bound Teleport user (<see cref="ToolReviewFlow"/>), Deny opens a modal asking for a reason, and the modal's
/// submission submits the denial. The clicking user is told the outcome in an ephemeral message.
/// </summary>
internal sealed partial class SlackInteractions(
    SlackReviewOptions options, SlackPlatform platform, ToolReviewFlow flow, ReplayGuard replays, BackgroundWork work, ILogger logger)
{
    public const string DenyCallbackId = "teleport_deny_reason";
    public const string ReasonBlockId = "reason_block";
    public const string ReasonActionId = "reason_input";
    private const int ReasonLimit = 1000;

    /// <summary>The window Slack documents for a request's timestamp.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>Serves <c>POST /adapters/slack/interactivity</c>.</summary>
    public InboundResponse HandleHttp(InboundRequest request, int maxBodyBytes)
    {
        // The host already refuses larger bodies; checked again so no handler ever reads one.
        if (request.Body.Length > maxBodyBytes)
        {
            LogRejected(logger, "body too large");
            return new InboundResponse(413, "request body too large");
        }

        var timestamp = request.Headers.GetValueOrDefault(SlackSignature.TimestampHeader);
        var signature = request.Headers.GetValueOrDefault(SlackSignature.SignatureHeader);
        if (!SlackSignature.IsValid(options.SigningSecret, timestamp, request.Body.Span, signature))
        {
            LogRejected(logger, "missing or wrong X-Slack-Signature");
            return InboundResponse.Unauthorized;
        }

        var check = SlackSignature.TimeOf(timestamp!) is { } sent ? replays.Check(signature!, sent) : ReplayCheck.Stale;
        switch (check)
        {
            case ReplayCheck.Stale:
                LogRejected(logger, "X-Slack-Request-Timestamp outside the 5-minute window");
                return InboundResponse.Unauthorized;
            case ReplayCheck.Replayed:
                LogReplayed(logger, "signature");
                return InboundResponse.Ok;
            case ReplayCheck.Full:
                return new InboundResponse(503, "busy, retry later");
            default:
                break;
        }

        if (ParseForm(request.Body.Span) is not { } payload || !Handle(payload))
        {
            LogRejected(logger, "malformed interaction payload");
            return InboundResponse.BadRequest;
        }

        // An empty 200 acknowledges a click and closes a submitted modal.
        return new InboundResponse(200);
    }

    /// <summary>Starts what an authenticated payload asks for; false when it is not one the adapter can read.</summary>
    public bool Handle(SlackInteraction payload)
    {
        if (payload.User?.Id is not { Length: > 0 } user)
        {
            return false;
        }

        switch (payload.Type)
        {
            case "block_actions":
                var action = payload.Actions?.FirstOrDefault(a => a.ActionId is SlackBlock.ApproveAction or SlackBlock.DenyAction);
                if (action is null)
                {
                    return payload.Actions is not null; // another app's button: nothing to do
                }

                if (action.Value is not { Length: > 0 } requestId || payload.Channel?.Id is not { Length: > 0 } channel)
                {
                    return false;
                }

                if (action.ActionId == SlackBlock.ApproveAction)
                {
                    work.Start(token => ReviewAsync(new Click(requestId, AccessRequestState.Approved, user, channel, string.Empty), token));
                    return true;
                }

                if (payload.TriggerId is not { Length: > 0 } trigger)
                {
                    return false;
                }

                work.Start(token => AskReasonAsync(trigger, requestId, user, channel, token));
                return true;

            case "view_submission" when payload.View?.CallbackId == DenyCallbackId:
                if (ReadMetadata(payload.View.PrivateMetadata) is not { } metadata)
                {
                    return false;
                }

                var reason = payload.View.State?.Values?.GetValueOrDefault(ReasonBlockId)?.GetValueOrDefault(ReasonActionId)?.Value ?? string.Empty;
                work.Start(token => ReviewAsync(new Click(metadata.RequestId, AccessRequestState.Denied, user, metadata.ChannelId, reason), token));
                return true;

            default:
                return payload.Type is { Length: > 0 };
        }
    }

    /// <summary>The JSON of a form body's <c>payload</c> field, or null when there is none or it is not JSON.</summary>
    private static SlackInteraction? ParseForm(ReadOnlySpan<byte> body)
    {
        foreach (var pair in Encoding.UTF8.GetString(body).Split('&'))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && pair.AsSpan(0, separator).SequenceEqual("payload"))
            {
                var json = Uri.UnescapeDataString(pair[(separator + 1)..].Replace('+', ' '));
                try
                {
                    return JsonSerializer.Deserialize(json, SlackJsonContext.Default.SlackInteraction);
                }
                catch (JsonException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    private static SlackDenyMetadata? ReadMetadata(string? json)
    {
        try
        {
            return json is null ? null : JsonSerializer.Deserialize(json, SlackJsonContext.Default.SlackDenyMetadata) is { RequestId.Length: > 0, ChannelId.Length: > 0 } metadata ? metadata : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SlackModalView ReasonModal(string requestId, string channel) => new(
        "modal",
        DenyCallbackId,
        SlackText.Plain("Deny access request"),
        SlackText.Plain("Deny"),
        SlackText.Plain("Cancel"),
        JsonSerializer.Serialize(new SlackDenyMetadata(requestId, channel), SlackJsonContext.Default.SlackDenyMetadata),
        [new SlackInputBlock("input", ReasonBlockId, SlackText.Plain("Reason"), new SlackTextInput("plain_text_input", ReasonActionId, true, ReasonLimit), true)]);

    private async Task AskReasonAsync(string trigger, string requestId, string user, string channel, CancellationToken cancellationToken)
    {
        try
        {
            await platform.OpenViewAsync(trigger, ReasonModal(requestId, channel), cancellationToken);
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
        {
            LogFailed(logger, requestId, user, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The adapter is stopping.
        }
    }

    private async Task ReviewAsync(Click click, CancellationToken cancellationToken)
    {
        try
        {
            var email = options.AllowEmailUsernameMatch ? await platform.UserEmailAsync(click.User, cancellationToken) : null;
            var reply = await flow.ReviewAsync(new ToolClick(click.RequestId, click.State, click.User, email, Shorten(click.Reason)), cancellationToken);
            await platform.PostEphemeralAsync(click.Channel, click.User, reply.Text, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Work after the answer has no caller to fail to: log it (a tool's own message, else only the type).
            LogFailed(logger, click.RequestId, click.User, e is PermanentAdapterException or TransientAdapterException ? e.Message : e.GetType().Name);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The adapter is stopping.
        }
    }

    private static string Shorten(string reason) => reason.Length <= ReasonLimit ? reason : reason[..ReasonLimit];

    [LoggerMessage(EventId = 3640, Level = LogLevel.Warning, Message = "Slack: refused an interactivity callback: {Why}")]
    private static partial void LogRejected(ILogger logger, string why);

    [LoggerMessage(EventId = 3641, Level = LogLevel.Information, Message = "Slack: ignored a callback already handled (same {Key})")]
    public static partial void LogReplayed(ILogger logger, string key);

    [LoggerMessage(EventId = 3642, Level = LogLevel.Warning, Message = "Slack: the click of user {User} on request {RequestId} could not be completed: {Error}")]
    private static partial void LogFailed(ILogger logger, string requestId, string user, string error);

    private sealed record Click(string RequestId, AccessRequestState State, string User, string Channel, string Reason);
}
