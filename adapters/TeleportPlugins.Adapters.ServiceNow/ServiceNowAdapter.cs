using System.Globalization;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.ServiceNow.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.ServiceNow;

/// <summary>
/// One ServiceNow incident per Access Request: opened with the requester as caller, a work note per review, and the
/// configured close code, incident state and close notes at the end. As an on-call approver it reports whether the
/// requester is on call now in a rota named by the request's <c>teleport.dev/schedules</c> annotation.
/// </summary>
internal sealed class ServiceNowAdapter(AdapterContext host, ServiceNowOptions options, ServiceNowApiClient api)
    : IAccessRequestAdapter, IOnCallApprover, IReminderSender, IDisposable
{
    // The plugin-data key of Teleport's ServiceNow plugin, so incidents it opened keep being updated after a migration.
    public const string IncidentIdKey = "incident_id";

    // Ours: an incident this replica opened concurrently with another one's and still has to cancel.
    public const string DuplicateIncidentKey = "duplicate_incident_id";

    /// <summary>The annotation naming the rotas (sys_ids) whose on-call members are approved.</summary>
    public const string SchedulesAnnotation = "teleport.dev/schedules";

    // The default state model's "Canceled": where a duplicate goes without needing a close code.
    private const string CanceledState = "8";

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await api.ProbeIncidentsAsync(cancellationToken);
            return AdapterHealth.Healthy($"ServiceNow at {options.Url}: authenticated as {options.Username}, the incident table is readable");
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
        {
            return AdapterHealth.Unhealthy($"ServiceNow at {options.Url} failed the start-up check: {e.Message}");
        }
    }

    public async Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (context.State.TryGet(IncidentIdKey, out _))
        {
            // Done before; only a duplicate left over from an interrupted attempt may still need cancelling.
            await CancelDuplicateAsync(context, cancellationToken);
            return;
        }

        // The Table API has no idempotency key. Only an attempt that resumes an unconfirmed one (a crash, or a replica
        // that stopped or stalled) can find an incident already open for the request, so only it looks first.
        var correlationId = AccessRequestNotes.IdempotencyKey(request.Id);
        var resumed = context.Resumed is not null;
        if (resumed && await api.FindOldestIncidentAsync(correlationId, cancellationToken) is { } existing)
        {
            context.State.Set(IncidentIdKey, existing.SysId!);
            ServiceNowLog.IncidentAdopted(host.Logger, existing.Number ?? "?", existing.SysId!, request.Id);
            return;
        }

        // As Teleport's ServiceNow plugin: the first recipient routed by Access Monitoring Rules is the assignee
        // (assigned_to), so a rule written for Teleport's plugin means the same here; else the first suggested reviewer.
        var assignee = context.RoutedRecipients?.FirstOrDefault(r => r.Length > 0)
            ?? (request.SuggestedReviewers.Count > 0 ? request.SuggestedReviewers[0] : null);
        var created = await api.CreateIncidentAsync(
            new ServiceNowNewIncident(
                ServiceNowText.ShortDescription(request),
                ServiceNowText.Description(request),
                request.User,
                assignee,
                options.AssignmentGroup.Length > 0 ? options.AssignmentGroup : null,
                correlationId,
                ServiceNowText.CorrelationDisplay),
            cancellationToken);
        // Recorded at once: the host persists it even if the check below fails, so a retry never opens a second one.
        context.State.Set(IncidentIdKey, created.SysId!);
        ServiceNowLog.IncidentOpened(host.Logger, created.Number ?? "?", created.SysId!, request.Id);

        // The stalled attempt this one resumes may still be creating its own: after both, each sees the same oldest
        // incident and keeps it. A first attempt holds the host's claim alone and skips the check.
        var winner = resumed ? await api.FindOldestIncidentAsync(correlationId, cancellationToken) : null;
        if (winner is not null && winner.SysId != created.SysId)
        {
            context.State.Set(IncidentIdKey, winner.SysId!);
            context.State.Set(DuplicateIncidentKey, created.SysId!);
            ServiceNowLog.DuplicateCancelled(host.Logger, created.Number ?? created.SysId!, winner.Number ?? winner.SysId!, request.Id);
            await CancelDuplicateAsync(context, cancellationToken, winner.Number);
        }
    }

    /// <summary>
    /// A work note on the request's incident: the reminder and, when it escalates, the <c>escalate_to</c> entries named
    /// in it (a work note cannot notify anyone by itself; name the users or groups who watch the incident). Marked like
    /// the review notes, so a resumed step finds it in <c>sys_journal_field</c> instead of writing it twice.
    /// </summary>
    public async Task OnReminderAsync(RequestReminderContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IncidentOf(context) is not { } sysId)
        {
            return;
        }

        var marker = ResumeMarkers.NoteLine(context.Request.Id, FormattableString.Invariant($"reminder:{context.Number}"));
        if (context.Resumed is not null && await api.HasWorkNoteAsync(sysId, marker, cancellationToken))
        {
            return;
        }

        var text = ReminderText.Comment(context.Request.Id, context.Number, context.EscalateTo, host.TimeProvider.GetUtcNow() - context.Request.Created);
        await api.UpdateIncidentAsync(sysId, new ServiceNowIncidentUpdate(WorkNotes: $"{text}\n{marker}"), cancellationToken);
    }

    public async Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken)
    {
        if (IncidentOf(context) is not { } sysId)
        {
            return;
        }

        var marker = ServiceNowText.ReviewMarker(context.Request.Id, context.ReviewIndex);
        if (context.Resumed is not null && await api.HasWorkNoteAsync(sysId, marker, cancellationToken))
        {
            ServiceNowLog.WorkNoteFound(host.Logger, context.ReviewIndex, sysId, context.Request.Id);
            return;
        }

        await api.UpdateIncidentAsync(sysId, new ServiceNowIncidentUpdate(WorkNotes: $"{AccessRequestNotes.ReviewNote(context.Review)}\n{marker}"), cancellationToken);
    }

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) =>
        ResolveAsync(
            context,
            AccessRequestNotes.ResolutionTag(context.Resolution),
            context.Resolution == AccessRequestState.Denied ? options.DeniedState : options.ApprovedState,
            context.Reason,
            cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) =>
        ResolveAsync(context, AccessRequestNotes.ExpiredTag, options.ExpiredState, string.Empty, cancellationToken);

    public async Task<OnCallDecision> EvaluateAsync(AccessRequestSnapshot request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!options.AutoApprove)
        {
            return OnCallDecision.NotOnCall("auto-approval is off");
        }

        var rotas = RequestAnnotations.Names(request, SchedulesAnnotation);
        if (rotas.Count == 0)
        {
            return OnCallDecision.NotOnCall($"request {request.Id} has no {SchedulesAnnotation} annotation naming ServiceNow rotas");
        }

        var zone = options.OnCallTimeZone ?? host.TimeProvider.LocalTimeZone;
        var now = TimeZoneInfo.ConvertTime(host.TimeProvider.GetUtcNow(), zone).ToString(ServiceNowApiClient.DateTimeFormat, CultureInfo.InvariantCulture);
        var userNames = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var rota in rotas)
        {
            var onCall = await api.WhoIsOnCallAsync(rota, now, cancellationToken);
            if (onCall.Count == 0)
            {
                ServiceNowLog.RotaEmpty(host.Logger, rota, request.Id);
                continue;
            }

            foreach (var userId in onCall)
            {
                if (!userNames.TryGetValue(userId, out var userName))
                {
                    userNames[userId] = userName = await api.FindUserNameAsync(userId, cancellationToken);
                    if (string.IsNullOrEmpty(userName))
                    {
                        ServiceNowLog.OnCallUserMissing(host.Logger, userId, rota);
                    }
                }

                // Teleport's plugin matches the ServiceNow user_name to the Teleport user name exactly.
                if (string.Equals(userName, request.User, StringComparison.Ordinal))
                {
                    return OnCallDecision.OnCall($"Access requested by user {request.User} who is on call in ServiceNow rota {await RotaLabelAsync(rota, cancellationToken)}");
                }
            }
        }

        return OnCallDecision.NotOnCall($"{request.User} is not on call in ServiceNow rota(s) {string.Join(", ", rotas)}");
    }

    public void Dispose() => api.Dispose();

    private async Task ResolveAsync(AccessRequestStepContext context, string tag, string state, string reason, CancellationToken cancellationToken)
    {
        if (IncidentOf(context) is not { } sysId)
        {
            return;
        }

        // One PATCH sets all three fields, so a retry repeats the same values and never adds a second note.
        await api.UpdateIncidentAsync(
            sysId,
            new ServiceNowIncidentUpdate(CloseCode: options.CloseCode, CloseNotes: AccessRequestNotes.ResolutionNote(tag, reason), IncidentState: state),
            cancellationToken);
        ServiceNowLog.IncidentResolved(host.Logger, sysId, state, tag, context.Request.Id);
    }

    private async Task CancelDuplicateAsync(AccessRequestStepContext context, CancellationToken cancellationToken, string? winnerNumber = null)
    {
        if (!context.State.TryGet(DuplicateIncidentKey, out var duplicate))
        {
            return;
        }

        var note = ServiceNowText.Duplicate(winnerNumber ?? context.State.Get(IncidentIdKey)!, context.Request.Id);
        await api.UpdateIncidentAsync(duplicate, new ServiceNowIncidentUpdate(WorkNotes: note, IncidentState: CanceledState), cancellationToken);
        context.State.Remove(DuplicateIncidentKey);
    }

    private async Task<string> RotaLabelAsync(string rotaId, CancellationToken cancellationToken)
    {
        try
        {
            return await api.FindRotaNameAsync(rotaId, cancellationToken) is { Length: > 0 } name ? $"'{name}' ({rotaId})" : rotaId;
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
        {
            // The name only decorates the evidence; an account without cmn_rota read access still gets approvals.
            ServiceNowLog.RotaNameUnavailable(host.Logger, rotaId, e.Message);
            return rotaId;
        }
    }

    private string? IncidentOf(AccessRequestStepContext context)
    {
        if (context.State.TryGet(IncidentIdKey, out var sysId))
        {
            return sysId;
        }

        ServiceNowLog.NoIncident(host.Logger, context.Request.Id);
        return null;
    }
}
