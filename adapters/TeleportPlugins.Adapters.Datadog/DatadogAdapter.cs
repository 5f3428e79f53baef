using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Datadog.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Datadog;

/// <summary>
/// Declares a Datadog incident for each request, with the request's users as notification handles and its teams in
/// the teams field, adds each review as a timeline note, and on resolution or expiry adds a note and resolves the
/// incident. As an on-call approver it reports whether the requester is on call now, through Datadog On-Call, in a
/// team the request's schedules annotation names.
/// </summary>
internal sealed partial class DatadogAdapter(AdapterContext host, DatadogOptions options, DatadogApiClient api)
    : IAccessRequestAdapter, IOnCallApprover, IDisposable
{
    internal const string IncidentIdKey = "incident_id";

    // Ours: the resolution note went out, so a retry after a failed resolve does not post it twice.
    internal const string ResolutionNoteKey = "resolution_note";

    private readonly ILogger _logger = host.Logger;
    private readonly RoleToRecipients _recipients = options.RoleToRecipients.IsEmpty ? host.RoleToRecipients : options.RoleToRecipients;

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await api.CheckAsync(cancellationToken);
            return AdapterHealth.Healthy($"Datadog at {options.ApiBaseUrl} accepts both keys and allows {DatadogApiClient.IncidentWrite}");
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException or TaskCanceledException)
        {
            return AdapterHealth.Unhealthy($"Datadog at {options.ApiBaseUrl}: {e.Message}");
        }
    }

    public async Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (context.State.TryGet(IncidentIdKey, out _))
        {
            return; // An earlier attempt declared the incident.
        }

        var marker = IncidentMarker(request.Id);
        if (context.Resumed is { } resumed && await api.FindIncidentAsync(marker, ResumeMarkers.SearchFrom(resumed), cancellationToken) is { } found)
        {
            // An attempt that crashed after Datadog accepted it declared the incident (it may be resolved by now).
            context.State.Set(IncidentIdKey, found);
            LogIncidentFound(_logger, found, request.Id);
            return;
        }

        var (teams, handles) = await RecipientsAsync(request, context.RoutedRecipients, cancellationToken);
        var incident = new DatadogIncidentAttributes(
            Title: AccessRequestNotes.Title(request),
            Fields: new DatadogIncidentFields(
                Summary: new("textbox", ResumeMarkers.Mark(AccessRequestNotes.Description(request).TrimEnd('\n'), marker)),
                Severity: new("dropdown", options.Severity),
                State: new("dropdown", "active"),
                DetectionMethod: new("dropdown", "employee"),
                Teams: teams.Count > 0 ? new DatadogField<IReadOnlyList<string>>("multiselect", teams) : null),
            CustomerImpacted: false,
            NotificationHandles: handles);
        var incidentId = await api.CreateIncidentAsync(incident, cancellationToken);
        context.State.Set(IncidentIdKey, incidentId);
        LogIncidentCreated(_logger, incidentId, request.Id, handles.Count, teams.Count);
    }

    public async Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken)
    {
        if (IncidentOf(context) is not { } incidentId)
        {
            return;
        }

        var marker = ResumeMarkers.NoteLine(context.Request.Id, ResumeMarkers.Review(context.ReviewIndex));
        if (context.Resumed is not null && await api.HasNoteAsync(incidentId, marker, cancellationToken))
        {
            LogNoteFound(_logger, marker, incidentId, context.Request.Id);
            return;
        }

        await api.AddNoteAsync(incidentId, ResumeMarkers.Mark(AccessRequestNotes.ReviewNote(context.Review), marker), cancellationToken);
    }

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) =>
        ResolveAsync(context, AccessRequestNotes.ResolutionTag(context.Resolution), context.Reason, cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) =>
        ResolveAsync(context, AccessRequestNotes.ExpiredTag, string.Empty, cancellationToken);

    public async Task<OnCallDecision> EvaluateAsync(AccessRequestSnapshot request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var annotation = options.RequestAnnotations.Schedules;
        var teams = RequestAnnotations.Names(request, annotation);
        if (teams.Count == 0)
        {
            return OnCallDecision.NotOnCall($"request {request.Id} has no {annotation} annotation");
        }

        var onCallIn = new List<string>();
        foreach (var name in teams)
        {
            var team = await api.FindTeamAsync(name.TrimStart('@'), cancellationToken);
            if (team?.Id is not { } teamId)
            {
                LogTeamNotFound(_logger, name, request.Id);
                continue;
            }

            // Datadog users are matched by e-mail, which does not depend on case.
            var onCall = await api.OnCallEmailsAsync(teamId, cancellationToken);
            if (onCall.Contains(request.User, StringComparer.OrdinalIgnoreCase))
            {
                onCallIn.Add(name);
            }
        }

        return onCallIn.Count == 0
            ? OnCallDecision.NotOnCall($"{request.User} is not on call in Datadog team(s) {string.Join(", ", teams)}")
            : OnCallDecision.OnCall($"Access requested by user {request.User} who is on call in Datadog team(s) {string.Join(", ", onCallIn)}");
    }

    public void Dispose() => api.Dispose();

    /// <summary>The last line of an incident's summary: the request's de-duplication key, in brackets.</summary>
    internal static string IncidentMarker(string requestId) => $"[{AccessRequestNotes.IdempotencyKey(requestId)}]";

    private static bool IsEmail(string recipient) => recipient.IndexOf('@', StringComparison.Ordinal) > 0;

    /// <summary>
    /// The request's recipients from <c>role_to_recipients</c> (this section's, else the top-level one; the <c>"*"</c>
    /// entry for a request without roles) and its e-mail-shaped suggested reviewers: e-mails
    /// become notification handles of the Datadog users that have them, anything else names a team by handle (with or
    /// without <c>@</c>) or name. One that Datadog does not know is skipped with a warning; the others still hear.
    /// Recipients routed by Access Monitoring Rules replace both.
    /// </summary>
    private async Task<(List<string> Teams, List<DatadogHandle> Handles)> RecipientsAsync(
        AccessRequestSnapshot request, IReadOnlyList<string>? routed, CancellationToken cancellationToken)
    {
        var teams = new List<string>();
        var handles = new List<DatadogHandle>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var configured = request.Roles.Count > 0 ? _recipients.Resolve(request.Roles) : _recipients[RoleToRecipients.Wildcard];
        var candidates = routed ?? configured.Concat(request.SuggestedReviewers.Where(IsEmail));
        foreach (var recipient in candidates.Select(r => r.Trim()).Where(r => r.Length > 0 && seen.Add(r)))
        {
            if (IsEmail(recipient))
            {
                if (await api.FindUserByEmailAsync(recipient, cancellationToken) is { Attributes.Email: { } email })
                {
                    handles.Add(new DatadogHandle("@" + email));
                }
                else
                {
                    LogUnknownRecipient(_logger, recipient, "user", request.Id);
                }

                continue;
            }

            if (await api.FindTeamAsync(recipient.TrimStart('@'), cancellationToken) is { Attributes.Handle: { } handle })
            {
                teams.Add(handle);
            }
            else
            {
                LogUnknownRecipient(_logger, recipient, "team", request.Id);
            }
        }

        return (teams, handles);
    }

    private async Task ResolveAsync(AccessRequestStepContext context, string tag, string reason, CancellationToken cancellationToken)
    {
        if (IncidentOf(context) is not { } incidentId)
        {
            return;
        }

        var marker = ResumeMarkers.NoteLine(context.Request.Id, ResumeMarkers.Resolution);
        if (!context.State.TryGet(ResolutionNoteKey, out _) && context.Resumed is not null
            && await api.HasNoteAsync(incidentId, marker, cancellationToken))
        {
            LogNoteFound(_logger, marker, incidentId, context.Request.Id);
            context.State.Set(ResolutionNoteKey, tag);
        }

        if (!context.State.TryGet(ResolutionNoteKey, out _))
        {
            await api.AddNoteAsync(incidentId, ResumeMarkers.Mark(AccessRequestNotes.ResolutionNote(tag, reason), marker), cancellationToken);
            context.State.Set(ResolutionNoteKey, tag);
        }

        await api.ResolveIncidentAsync(incidentId, cancellationToken);
        LogIncidentResolved(_logger, incidentId, tag, context.Request.Id);
    }

    private string? IncidentOf(AccessRequestStepContext context)
    {
        if (context.State.TryGet(IncidentIdKey, out var incidentId))
        {
            return incidentId;
        }

        LogNoIncident(_logger, context.Request.Id);
        return null;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Declared Datadog incident {IncidentId} for request {RequestId} ({Handles} user(s), {Teams} team(s))")]
    private static partial void LogIncidentCreated(ILogger logger, string incidentId, string requestId, int handles, int teams);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Resolved Datadog incident {IncidentId} ({Tag}) for request {RequestId}")]
    private static partial void LogIncidentResolved(ILogger logger, string incidentId, string tag, string requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Request {RequestId} has no Datadog incident; nothing to update")]
    private static partial void LogNoIncident(ILogger logger, string requestId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Datadog team {Team} named by request {RequestId} does not exist; it is ignored for auto-approval")]
    private static partial void LogTeamNotFound(ILogger logger, string team, string requestId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Found Datadog incident {IncidentId} for request {RequestId}, declared by an attempt that was not confirmed; using it")]
    private static partial void LogIncidentFound(ILogger logger, string incidentId, string requestId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Found the note {Marker} on Datadog incident {IncidentId} for request {RequestId}, added by an attempt that was not confirmed; not adding it again")]
    private static partial void LogNoteFound(ILogger logger, string marker, string incidentId, string requestId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Recipient {Recipient} of request {RequestId} is no Datadog {Kind}; skipped")]
    private static partial void LogUnknownRecipient(ILogger logger, string recipient, string kind, string requestId);
}
