using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Adapters.PagerDuty.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.PagerDuty;

/// <summary>
/// Approve or deny from a PagerDuty incident: a Custom Incident Action posts a V3 webhook (<c>incident.custom</c>) to
/// <c>webhook/approve</c> or <c>webhook/deny</c>; the URL says which button it was, as the payload names only the
/// incident. The <c>X-PagerDuty-Signature</c> is verified over the raw body before anything is parsed; then the event
/// must be within 5 minutes of its <c>occurred_at</c> and new (<see cref="ReplayGuard"/> by event ID, forgotten again
/// when PagerDuty could not be read, so its retry counts); the incident is
/// read back from PagerDuty and must be one the adapter opened (its <c>incident_key</c> names the request); the
/// clicking user (<c>agent</c>) goes to <see cref="ToolReviewFlow"/>. PagerDuty shows the clicker no reply, so the
/// outcome is added to the incident as a note.
/// </summary>
internal sealed partial class PagerDutyReviewWebhook(PagerDutyOptions options, PagerDutyApiClient api, ToolReviewFlow flow, ReplayGuard replays, ILogger logger, int maxBodyBytes)
{
    public const string ApproveRoute = "webhook/approve";
    public const string DenyRoute = "webhook/deny";
    public const string SignatureHeader = "X-PagerDuty-Signature";
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private const string SignaturePrefix = "v1=";

    public Task<InboundResponse> ApproveAsync(InboundRequest request, CancellationToken cancellationToken) =>
        HandleAsync(request, AccessRequestState.Approved, cancellationToken);

    public Task<InboundResponse> DenyAsync(InboundRequest request, CancellationToken cancellationToken) =>
        HandleAsync(request, AccessRequestState.Denied, cancellationToken);

    /// <summary>
    /// Whether any <c>v1=</c> value of the header (several while the secret is rotated) is the HMAC-SHA256 of the body
    /// under the secret, compared in constant time.
    /// </summary>
    internal static bool IsSigned(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        var found = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith(SignaturePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            byte[] given;
            try
            {
                given = Convert.FromHexString(part.AsSpan(SignaturePrefix.Length));
            }
            catch (FormatException)
            {
                continue;
            }

            // Every value is compared, so the time taken does not tell which one matched.
            found |= CryptographicOperations.FixedTimeEquals(expected, given);
        }

        return found;
    }

    private async Task<InboundResponse> HandleAsync(InboundRequest request, AccessRequestState decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Body.Length > maxBodyBytes)
        {
            return new InboundResponse(413, "request body too large");
        }

        if (!IsSigned(options.Review.WebhookSecret, request.Body.Span, request.Headers.GetValueOrDefault(SignatureHeader)))
        {
            LogRejected(logger, "missing or wrong X-PagerDuty-Signature");
            return InboundResponse.Unauthorized;
        }

        PagerDutyWebhookEvent? e;
        try
        {
            e = JsonSerializer.Deserialize(request.Body.Span, PagerDutyJsonContext.Default.PagerDutyWebhook)?.Event;
        }
        catch (JsonException)
        {
            return InboundResponse.BadRequest;
        }

        if (e is null || e.EventType is null)
        {
            return InboundResponse.BadRequest;
        }

        if (e.EventType != "incident.custom")
        {
            return InboundResponse.Ok; // A subscription that sends more than the actions' clicks: nothing to do.
        }

        if (e.Id is not { Length: > 0 } eventId || e.OccurredAt is not { } occurredAt
            || e.Agent is not { Type: "user_reference", Id: { Length: > 0 } agentId } || e.Data?.Id is not { Length: > 0 } incidentId)
        {
            return InboundResponse.BadRequest;
        }

        switch (replays.Check(eventId, occurredAt))
        {
            case ReplayCheck.Stale:
                LogRejected(logger, "the event's occurred_at is outside the 5-minute window");
                return InboundResponse.Unauthorized;
            case ReplayCheck.Full:
                return new InboundResponse(503, "try again later");
            case ReplayCheck.Replayed:
                LogReplayed(logger, eventId, incidentId);
                return InboundResponse.Ok;
        }

        try
        {
            return await ReviewAsync(incidentId, agentId, decision, cancellationToken);
        }
        catch (Exception ex) when (ex is PermanentAdapterException or TransientAdapterException or HttpRequestException)
        {
            // Only the reads before the review throw (the flow answers Teleport's refusals, the note's failure is
            // caught): nothing was submitted, so the event is forgotten and PagerDuty's retry of it is handled.
            replays.Release(eventId);
            LogFailed(logger, incidentId, ex.Message);
            return new InboundResponse(503, "try again later");
        }
    }

    private async Task<InboundResponse> ReviewAsync(string incidentId, string agentId, AccessRequestState decision, CancellationToken cancellationToken)
    {
        // The incident is read back with the adapter's own key: only one it opened for a request names that request.
        var incident = await api.GetIncidentAsync(incidentId, cancellationToken);
        if (incident?.IncidentKey is not { } key || !key.StartsWith(AccessRequestNotes.IdempotencyKeyPrefix, StringComparison.Ordinal)
            || key.Length == AccessRequestNotes.IdempotencyKeyPrefix.Length)
        {
            LogNotOurs(logger, incidentId);
            return InboundResponse.Ok;
        }

        var requestId = key[AccessRequestNotes.IdempotencyKeyPrefix.Length..];
        var email = options.Review.AllowEmailUsernameMatch ? (await api.GetUserAsync(agentId, cancellationToken))?.Email : null;
        var reply = await flow.ReviewAsync(new ToolClick(requestId, decision, agentId, email, string.Empty), cancellationToken);
        try
        {
            await api.AddNoteAsync(incidentId, $"Teleport, for PagerDuty user {agentId}: {reply.Text}", cancellationToken);
        }
        catch (Exception ex) when (ex is PermanentAdapterException or TransientAdapterException or HttpRequestException)
        {
            // The review stands; only the note telling the user is missing.
            LogFailed(logger, incidentId, ex.Message);
        }

        return InboundResponse.Ok;
    }

    [LoggerMessage(EventId = 171, Level = LogLevel.Warning, Message = "PagerDuty: a call to the review webhook was refused: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 172, Level = LogLevel.Information, Message = "PagerDuty: event {EventId} (a click on incident {IncidentId}) was delivered again; nothing more was submitted")]
    private static partial void LogReplayed(ILogger logger, string eventId, string incidentId);

    [LoggerMessage(EventId = 173, Level = LogLevel.Warning, Message = "PagerDuty: a review click on incident {IncidentId} was ignored: the adapter did not open that incident for an Access Request")]
    private static partial void LogNotOurs(ILogger logger, string incidentId);

    [LoggerMessage(EventId = 174, Level = LogLevel.Warning, Message = "PagerDuty: a review click on incident {IncidentId} could not be completed: {Cause}")]
    private static partial void LogFailed(ILogger logger, string incidentId, string cause);
}
