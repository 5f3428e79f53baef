using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Opsgenie.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Opsgenie;

/// <summary>
/// Creates an Opsgenie alert for each request with schedule and team responders, adds each review as a note, and
/// closes the alert with a note on resolution or expiry. As an on-call approver it reports whether the requester is
/// on call now in a schedule the request's schedules annotation names.
/// </summary>
internal sealed partial class OpsgenieAdapter(AdapterContext host, OpsgenieOptions options, OpsgenieApiClient api)
    : IAccessRequestAdapter, IOnCallApprover, IReminderSender, IDisposable
{
    // The anchor's plugin-data key for the alert, so alerts it created keep being updated.
    internal const string AlertIdKey = "alert_id";

    // Ours: the accepted creation request, so a retry polls it instead of creating the alert again.
    internal const string AlertRequestIdKey = "alert_request_id";

    // Opsgenie's field limits (alert API: message 130, description 15,000 characters).
    private const int MessageLimit = 130;
    private const int DescriptionLimit = 15000;

    // Decorrelated jitter between polls for the alert ID: Opsgenie usually processes within seconds.
    private static readonly TimeSpan PollBase = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollCap = TimeSpan.FromSeconds(20);

    private readonly ILogger _logger = host.Logger;

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await api.PingAsync(cancellationToken);
            return AdapterHealth.Healthy($"Opsgenie at {options.ApiBaseUrl} accepts the API key");
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException or TaskCanceledException)
        {
            return AdapterHealth.Unhealthy($"Opsgenie at {options.ApiBaseUrl}: {e.Message}");
        }
    }

    public async Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (context.State.TryGet(AlertIdKey, out _))
        {
            return; // An earlier attempt created the alert.
        }

        var alias = AccessRequestNotes.IdempotencyKey(request.Id);
        if (context.Resumed is not null && !context.State.TryGet(AlertRequestIdKey, out _)
            && await api.FindAlertIdAsync(alias, cancellationToken) is { } found)
        {
            // An attempt that crashed after Opsgenie accepted it created the alert: adopt it, as if created now.
            context.State.Set(AlertIdKey, found);
            LogAlertFound(_logger, found, request.Id);
            return;
        }

        if (!context.State.TryGet(AlertRequestIdKey, out var requestId))
        {
            var alert = new OpsgenieNewAlert(
                TextLimits.Truncate(AccessRequestNotes.Title(request), MessageLimit),
                alias,
                TextLimits.Truncate(AccessRequestNotes.Description(request), DescriptionLimit),
                Responders(request, context.RoutedRecipients),
                options.Priority,
                "Teleport");
            requestId = await api.CreateAlertAsync(alert, cancellationToken);
            context.State.Set(AlertRequestIdKey, requestId);
        }

        var alertId = await WaitForAlertIdAsync(request.Id, requestId, context.State, cancellationToken);
        context.State.Set(AlertIdKey, alertId);
        LogAlertCreated(_logger, alertId, request.Id);
    }

    /// <summary>
    /// A note on the request's alert: the reminder and, when it escalates, the <c>escalate_to</c> entries named in it
    /// (a note notifies nobody; the alert's responders are still paged by Opsgenie). Marked like the review notes, so a
    /// resumed step finds it instead of adding it twice.
    /// </summary>
    public async Task OnReminderAsync(RequestReminderContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (AlertOf(context) is not { } alertId)
        {
            return;
        }

        var marker = ResumeMarkers.NoteLine(context.Request.Id, FormattableString.Invariant($"reminder:{context.Number}"));
        if (context.Resumed is not null && await api.HasNoteAsync(alertId, marker, cancellationToken))
        {
            return;
        }

        var text = ReminderText.Comment(context.Request.Id, context.Number, context.EscalateTo, host.TimeProvider.GetUtcNow() - context.Request.Created);
        await api.AddNoteAsync(alertId, $"{text}\n{marker}", cancellationToken);
    }

    public async Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken)
    {
        if (AlertOf(context) is not { } alertId)
        {
            return;
        }

        // The marker names the request and the review, so a resumed attempt can tell whether its note went out.
        var marker = ReviewMarker(context.Request.Id, context.ReviewIndex);
        if (context.Resumed is not null && await api.HasNoteAsync(alertId, marker, cancellationToken))
        {
            LogReviewNoteFound(_logger, context.ReviewIndex, alertId, context.Request.Id);
            return;
        }

        await api.AddNoteAsync(alertId, $"{AccessRequestNotes.ReviewNote(context.Review)}\n{marker}", cancellationToken);
    }

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) =>
        CloseAsync(context, AccessRequestNotes.ResolutionTag(context.Resolution), context.Reason, cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) =>
        CloseAsync(context, AccessRequestNotes.ExpiredTag, string.Empty, cancellationToken);

    public async Task<OnCallDecision> EvaluateAsync(AccessRequestSnapshot request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var annotation = options.RequestAnnotations.Schedules;
        var schedules = RequestAnnotations.Names(request, annotation);
        if (schedules.Count == 0)
        {
            return OnCallDecision.NotOnCall($"request {request.Id} has no {annotation} annotation");
        }

        var onCallIn = new List<string>();
        foreach (var schedule in schedules)
        {
            var recipients = await api.OnCallRecipientsAsync(schedule, cancellationToken);
            if (recipients is null)
            {
                LogScheduleNotFound(_logger, schedule, request.Id);
                continue;
            }

            // Opsgenie user names are e-mail addresses, which do not depend on case.
            if (recipients.Contains(request.User, StringComparer.OrdinalIgnoreCase))
            {
                onCallIn.Add(schedule);
            }
        }

        return onCallIn.Count == 0
            ? OnCallDecision.NotOnCall($"{request.User} is not on call in Opsgenie schedule(s) {string.Join(", ", schedules)}")
            : OnCallDecision.OnCall($"Access requested by user {request.User} who is on call in Opsgenie schedule(s) {string.Join(", ", onCallIn)}");
    }

    public void Dispose() => api.Dispose();

    /// <summary>The last line of a review's note: the request's alias and the review's index, in brackets.</summary>
    internal static string ReviewMarker(string requestId, int index) => ResumeMarkers.NoteLine(requestId, ResumeMarkers.Review(index));

    /// <summary>Schedules (routed by Access Monitoring Rules, else the notify annotation, else the defaults) and teams.</summary>
    private List<OpsgenieResponder> Responders(AccessRequestSnapshot request, IReadOnlyList<string>? routed)
    {
        var schedules = routed ?? RequestAnnotations.Names(request, options.RequestAnnotations.NotifyServices);
        var teams = RequestAnnotations.Names(request, options.RequestAnnotations.Teams);
        return
        [
            .. (schedules.Count > 0 ? schedules : options.DefaultSchedules).Select(s => Responder("schedule", s)),
            .. (teams.Count > 0 ? teams : options.DefaultTeams).Select(t => Responder("team", t)),
        ];
    }

    // As in the anchor: a UUID is an ID, anything else a name.
    private static OpsgenieResponder Responder(string type, string value) =>
        Guid.TryParse(value, out _) ? new OpsgenieResponder(type, Id: value) : new OpsgenieResponder(type, Name: value);

    private async Task<string> WaitForAlertIdAsync(string teleportRequestId, string requestId, AdapterRequestState state, CancellationToken cancellationToken)
    {
        var clock = host.TimeProvider;
        var deadline = clock.GetUtcNow() + options.AlertPollTimeout;
        var delay = PollBase;
        while (true)
        {
            var status = await api.GetRequestStatusAsync(requestId, cancellationToken);
            if (status is { IsSuccess: true, AlertId: { Length: > 0 } alertId })
            {
                return alertId;
            }

            if (status is { IsSuccess: false })
            {
                // Opsgenie processed and refused the creation: forget the request so that a new attempt creates again.
                state.Remove(AlertRequestIdKey);
                throw new PermanentAdapterException($"Opsgenie did not create the alert for request {teleportRequestId}: {status.Status}");
            }

            var now = clock.GetUtcNow();
            if (now >= deadline)
            {
                throw new TransientAdapterException($"Opsgenie has not processed alert request {requestId} for request {teleportRequestId} within {options.AlertPollTimeout}");
            }

            var wait = delay < deadline - now ? delay : deadline - now;
            await Task.Delay(wait, clock, cancellationToken);
#pragma warning disable CA5394 // Jitter, not security.
            var next = PollBase.TotalMilliseconds + (Random.Shared.NextDouble() * ((delay.TotalMilliseconds * 3) - PollBase.TotalMilliseconds));
#pragma warning restore CA5394
            delay = TimeSpan.FromMilliseconds(Math.Min(PollCap.TotalMilliseconds, next));
        }
    }

    private async Task CloseAsync(AccessRequestStepContext context, string tag, string reason, CancellationToken cancellationToken)
    {
        if (AlertOf(context) is not { } alertId)
        {
            return;
        }

        await api.CloseAlertAsync(alertId, AccessRequestNotes.ResolutionNote(tag, reason), cancellationToken);
        LogAlertClosed(_logger, alertId, tag, context.Request.Id);
    }

    private string? AlertOf(AccessRequestStepContext context)
    {
        if (context.State.TryGet(AlertIdKey, out var alertId))
        {
            return alertId;
        }

        LogNoAlert(_logger, context.Request.Id);
        return null;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Created Opsgenie alert {AlertId} for request {RequestId}")]
    private static partial void LogAlertCreated(ILogger logger, string alertId, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Closed Opsgenie alert {AlertId} ({Tag}) for request {RequestId}")]
    private static partial void LogAlertClosed(ILogger logger, string alertId, string tag, string requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Request {RequestId} has no Opsgenie alert; nothing to update")]
    private static partial void LogNoAlert(ILogger logger, string requestId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Opsgenie schedule {Schedule} named by request {RequestId} does not exist; it is ignored for auto-approval")]
    private static partial void LogScheduleNotFound(ILogger logger, string schedule, string requestId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Found Opsgenie alert {AlertId} for request {RequestId}, created by an attempt that was not confirmed; using it")]
    private static partial void LogAlertFound(ILogger logger, string alertId, string requestId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Found the note of review {Index} on Opsgenie alert {AlertId} for request {RequestId}, added by an attempt that was not confirmed; not adding it again")]
    private static partial void LogReviewNoteFound(ILogger logger, int index, string alertId, string requestId);
}
