using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NSec.Cryptography;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// <c>POST /adapters/discord/interactions</c>, the app's Interactions Endpoint URL. Every delivery's Ed25519 signature
/// (<c>X-Signature-Ed25519</c> over <c>X-Signature-Timestamp</c> + the raw body, with the application's public key) is
/// verified before the body is parsed (401 otherwise, as Discord requires: it sends invalid signatures on purpose to
/// check); then the timestamp must be within <see cref="Window"/> and the interaction ID new. PING gets PONG; Approve
/// reviews at once; Deny opens a modal for the reason and its submission reviews. The outcome is an ephemeral message
/// for the clicking user.
/// </summary>
internal sealed partial class DiscordInteractionHandler(
    PublicKey publicKey, DiscordPlatform platform, ToolReviewFlow flow, ReplayGuard replays, TimeProvider time, ILogger logger)
{
    /// <summary>How far a delivery's timestamp may be from now; Discord documents none, Slack's 5 minutes is used.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a review may take before the answer is deferred: Discord wants the first answer within 3 seconds, so a
    /// slower review answers "thinking" (type 5) and edits that message with the outcome when Teleport has answered.
    /// </summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2.5);

    private const int Ping = 1;
    private const int MessageComponent = 3;
    private const int ModalSubmit = 5;
    private const int EphemeralFlag = 64;
    private const int ContentLimit = 2000;

    public async Task<InboundResponse> HandleAsync(InboundRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        // The host refuses larger bodies before this runs; checked again so nothing larger is ever verified or parsed.
        if (request.Body.Length > maxBodyBytes)
        {
            LogRejected(logger, "body larger than the limit");
            return new InboundResponse(413, "request body too large");
        }

        if (!IsSigned(request, out var sentAt))
        {
            LogRejected(logger, "missing or wrong X-Signature-Ed25519");
            return InboundResponse.Unauthorized;
        }

        DiscordInteraction? interaction;
        try
        {
            interaction = JsonSerializer.Deserialize(request.Body.Span, DiscordJsonContext.Default.DiscordInteraction);
        }
        catch (JsonException)
        {
            interaction = null;
        }

        if (interaction is null)
        {
            LogRejected(logger, "body is not an interaction");
            return InboundResponse.BadRequest;
        }

        if (interaction.Type == Ping)
        {
            return Json(new DiscordInteractionResponse(Ping));
        }

        if (interaction.Id is not { Length: > 0 } id)
        {
            LogRejected(logger, "interaction without an id");
            return InboundResponse.BadRequest;
        }

        switch (replays.Check(id, sentAt))
        {
            case ReplayCheck.Stale:
                LogRejected(logger, "timestamp outside the window");
                return InboundResponse.Unauthorized;
            case ReplayCheck.Replayed:
                LogReplayed(logger, id);
                return Ephemeral("This interaction was already received; Teleport was not asked again.");
            case ReplayCheck.Full:
                return new InboundResponse(503, "too many interactions; try again");
        }

        var userId = interaction.Member?.User?.Id ?? interaction.User?.Id;
        if (userId is not { Length: > 0 } || interaction.Data is not { } data || DiscordButtons.Parse(data.CustomId) is not var (requestId, state))
        {
            LogRejected(logger, "not an Approve or Deny of this app, or no user");
            return InboundResponse.BadRequest;
        }

        return (interaction.Type, state) switch
        {
            (MessageComponent, AccessRequestState.Denied) => Json(DiscordButtons.ReasonModal(requestId)),
            (MessageComponent, _) => await ReviewAsync(interaction, new ToolClick(requestId, state, userId, null, string.Empty)),
            (ModalSubmit, AccessRequestState.Denied) => await ReviewAsync(interaction, new ToolClick(requestId, state, userId, null, DiscordButtons.Reason(data))),
            _ => InboundResponse.BadRequest,
        };
    }

    private static InboundResponse Json(DiscordInteractionResponse response) =>
        new(200, JsonSerializer.Serialize(response, DiscordJsonContext.Default.DiscordInteractionResponse)) { ContentType = "application/json" };

    private static InboundResponse Ephemeral(string text) =>
        Json(new DiscordInteractionResponse(4, new DiscordInteractionCallbackData(TextLimits.Truncate(text, ContentLimit), EphemeralFlag, DiscordAllowedMentions.None)));

    private bool IsSigned(InboundRequest request, out DateTimeOffset sentAt)
    {
        sentAt = default;
        if (!request.Headers.TryGetValue("X-Signature-Ed25519", out var signatureHex) || !request.Headers.TryGetValue("X-Signature-Timestamp", out var timestamp)
            || signatureHex.Length != 128 || !signatureHex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + request.Body.Length];
        var prefix = Encoding.UTF8.GetBytes(timestamp, signed);
        request.Body.Span.CopyTo(signed.AsSpan(prefix));
        if (!SignatureAlgorithm.Ed25519.Verify(publicKey, signed, Convert.FromHexString(signatureHex)))
        {
            return false;
        }

        // Signed, so Discord wrote it: Unix seconds. Anything else cannot be placed in the window.
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    /// <summary>
    /// Reviews and answers with the outcome; when Teleport takes longer than <see cref="AnswerWithin"/>, answers with a
    /// deferred ephemeral message and edits it with the outcome once the review is done. The review is not tied to the
    /// request's cancellation: Discord may close its side after the answer, and the click must still count once.
    /// </summary>
    private async Task<InboundResponse> ReviewAsync(DiscordInteraction interaction, ToolClick click)
    {
        var review = flow.ReviewAsync(click, CancellationToken.None);
        if (interaction is { ApplicationId: { Length: > 0 } applicationId, Token: { Length: > 0 } token })
        {
            using var timeout = new CancellationTokenSource();
            var delay = Task.Delay(AnswerWithin, time, timeout.Token);
            if (await Task.WhenAny(review, delay) != review)
            {
                LogDeferred(logger, click.RequestId, click.ToolUserId);
                _ = FollowUpAsync(applicationId, token, review);
                return Json(new DiscordInteractionResponse(5, new DiscordInteractionCallbackData(Flags: EphemeralFlag)));
            }

            await timeout.CancelAsync();
        }

        return Ephemeral((await review).Text);
    }

    private async Task FollowUpAsync(string applicationId, string token, Task<ToolReviewReply> review)
    {
        try
        {
            var reply = await review;
            await platform.EditOriginalResponseAsync(applicationId, token, reply.Text, CancellationToken.None);
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException or HttpRequestException or ObjectDisposedException)
        {
            // The review counted or not as Teleport decided; only the user's view of the outcome is lost.
            LogFollowUpFailed(logger, e.Message);
        }
    }

    [LoggerMessage(EventId = 3630, Level = LogLevel.Warning, Message = "Discord: refused an interaction: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 3631, Level = LogLevel.Information, Message = "Discord: interaction {InteractionId} was delivered again; answered without asking Teleport")]
    private static partial void LogReplayed(ILogger logger, string interactionId);

    [LoggerMessage(EventId = 3632, Level = LogLevel.Information, Message = "Discord: the review of request {RequestId} by user {UserId} takes longer than Discord waits; answered later")]
    private static partial void LogDeferred(ILogger logger, string requestId, string userId);

    [LoggerMessage(EventId = 3633, Level = LogLevel.Warning, Message = "Discord: could not show the outcome of a deferred review: {Cause}")]
    private static partial void LogFollowUpFailed(ILogger logger, string cause);
}
