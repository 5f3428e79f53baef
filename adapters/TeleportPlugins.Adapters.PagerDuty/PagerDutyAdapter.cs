using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Adapters.PagerDuty.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.PagerDuty;

/// <summary>
/// Opens a PagerDuty incident for each request on the service its notify annotation names, adds each review as a
/// note, and on resolution or expiry adds a note and resolves the incident. As an on-call approver it reports whether
/// the requester is on call now in an escalation policy of a service its services annotation names. With
/// <c>[pagerduty.review]</c> enabled, reviewers approve or deny from the incident (<see cref="PagerDutyReviewWebhook"/>).
/// </summary>
internal sealed partial class PagerDutyAdapter(AdapterContext host, PagerDutyOptions options, PagerDutyApiClient api)
    : IAccessRequestAdapter, IOnCallApprover, IInboundRouteProvider, IReminderSender, IDisposable
{
    // Plugin-data keys of Teleport's PagerDuty plugin, so incidents it opened keep being updated.
    internal const string IncidentIdKey = "incident_id";
    internal const string ServiceIdKey = "service_id";

    // Ours: the resolution note went out, so a retry after a failed resolve does not post it twice.
    internal const string ResolutionNoteKey = "resolution_note_id";

    private readonly ILogger _logger = host.Logger;

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await api.CheckAbilitiesAsync(cancellationToken);
            return AdapterHealth.Healthy($"PagerDuty at {options.ApiUrl} accepts the API key");
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException or TaskCanceledException)
        {
            return AdapterHealth.Unhealthy($"PagerDuty at {options.ApiUrl}: {e.Message}");
        }
    }

    public async Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (context.State.TryGet(IncidentIdKey, out _))
        {
            return; // An earlier attempt opened the incident.
        }

        var incidentKey = AccessRequestNotes.IdempotencyKey(request.Id);
        if (context.Resumed is not null && await api.FindIncidentAsync(incidentKey, cancellationToken) is { } found)
        {
            // An attempt that crashed after PagerDuty accepted it opened the incident (it may be resolved by now).
            context.State.Set(IncidentIdKey, found.Id);
            if (found.Service?.Id is { } serviceId)
            {
                context.State.Set(ServiceIdKey, serviceId);
            }

            LogIncidentFound(_logger, found.Id, request.Id);
            return;
        }

        var annotation = options.RequestAnnotations.NotifyService;
        // A service routed by Access Monitoring Rules replaces the annotation; one incident is opened, in the first
        // routed service (rules in name order). The anchor uses the annotation's first value as written, not sorted.
        var routed = context.RoutedRecipients?.FirstOrDefault(s => s.Length > 0);
        var serviceName = routed ?? RequestAnnotations.First(request, annotation);
        if (serviceName is null)
        {
            LogSkippedNoAnnotation(_logger, request.Id, annotation);
            return;
        }

        var service = await api.FindServiceByNameAsync(serviceName, cancellationToken)
            ?? throw new PermanentAdapterException(routed is null
                ? $"PagerDuty has no service named '{serviceName}' (annotation {annotation} of request {request.Id})"
                : $"PagerDuty has no service named '{serviceName}' (routed by Access Monitoring Rules for request {request.Id})");
        context.State.Set(ServiceIdKey, service.Id);

        var incident = await api.CreateIncidentAsync(
            new PagerDutyNewIncident(
                "incident",
                TextLimits.Truncate(AccessRequestNotes.Title(request), 255),
                new PagerDutyReference(service.Id, "service_reference"),
                incidentKey,
                new PagerDutyIncidentBody("incident_body", AccessRequestNotes.Description(request))),
            cancellationToken);
        context.State.Set(IncidentIdKey, incident.Id);
        LogIncidentOpened(_logger, incident.Id, service.Name, request.Id);
    }

    /// <summary>
    /// A note on the request's incident: the reminder and, when it escalates, the <c>escalate_to</c> entries named in it
    /// (a note notifies nobody; the incident's own escalation policy still pages). Marked like the review notes, so a
    /// resumed step finds it instead of adding it twice.
    /// </summary>
    public async Task OnReminderAsync(RequestReminderContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IncidentOf(context) is not { } incidentId)
        {
            return;
        }

        var marker = ResumeMarkers.NoteLine(context.Request.Id, FormattableString.Invariant($"reminder:{context.Number}"));
        if (context.Resumed is not null && await api.FindNoteAsync(incidentId, marker, cancellationToken) is not null)
        {
            LogNoteFound(_logger, marker, incidentId, context.Request.Id);
            return;
        }

        var text = ReminderText.Comment(context.Request.Id, context.Number, context.EscalateTo, host.TimeProvider.GetUtcNow() - context.Request.Created);
        await api.AddNoteAsync(incidentId, $"{text}\n{marker}", cancellationToken);
    }

    public async Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken)
    {
        if (IncidentOf(context) is not { } incidentId)
        {
            return;
        }

        var marker = ResumeMarkers.NoteLine(context.Request.Id, ResumeMarkers.Review(context.ReviewIndex));
        if (context.Resumed is not null && await api.FindNoteAsync(incidentId, marker, cancellationToken) is not null)
        {
            LogNoteFound(_logger, marker, incidentId, context.Request.Id);
            return;
        }

        await api.AddNoteAsync(incidentId, $"{AccessRequestNotes.ReviewNote(context.Review)}\n{marker}", cancellationToken);
    }

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) =>
        ResolveAsync(context, AccessRequestNotes.ResolutionTag(context.Resolution), context.Reason, cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) =>
        ResolveAsync(context, AccessRequestNotes.ExpiredTag, string.Empty, cancellationToken);

    public async Task<OnCallDecision> EvaluateAsync(AccessRequestSnapshot request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var annotation = options.RequestAnnotations.Services;
        var serviceNames = RequestAnnotations.Names(request, annotation);
        if (serviceNames.Count == 0)
        {
            return OnCallDecision.NotOnCall($"request {request.Id} has no {annotation} annotation");
        }

        // PagerDuty users are matched by e-mail, so only Teleport users named by an e-mail can be on call.
        if (request.User.IndexOf('@', StringComparison.Ordinal) <= 0)
        {
            return OnCallDecision.NotOnCall($"Teleport user {request.User} is not an e-mail address, so it cannot be matched to a PagerDuty user");
        }

        var user = await api.FindUserByEmailAsync(request.User, cancellationToken);
        if (user is null)
        {
            return OnCallDecision.NotOnCall($"no PagerDuty user has the e-mail {request.User}");
        }

        var servicesByPolicy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in serviceNames)
        {
            var service = await api.FindServiceByNameAsync(name, cancellationToken);
            if (service?.EscalationPolicy?.Id is not { } policyId)
            {
                LogServiceNotFound(_logger, name, request.Id);
                continue;
            }

            if (!servicesByPolicy.TryGetValue(policyId, out var names))
            {
                servicesByPolicy[policyId] = names = [];
            }

            names.Add(service.Name);
        }

        if (servicesByPolicy.Count == 0)
        {
            return OnCallDecision.NotOnCall($"none of the PagerDuty services {string.Join(", ", serviceNames)} exist");
        }

        var onCall = await api.OnCallPoliciesAsync(user.Id, servicesByPolicy.Keys, cancellationToken);
        var services = servicesByPolicy.Where(p => onCall.Contains(p.Key)).SelectMany(p => p.Value).Order(StringComparer.Ordinal).ToList();
        return services.Count == 0
            ? OnCallDecision.NotOnCall($"{user.Email} is not on call in PagerDuty service(s) {string.Join(", ", serviceNames)}")
            : OnCallDecision.OnCall($"Access requested by user {user.Name} ({user.Email}) who is on call in PagerDuty service(s) {string.Join(", ", services)}");
    }

    public void MapRoutes(IInboundRouteRegistry routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        if (!options.Review.Enabled)
        {
            return;
        }

        var webhook = new PagerDutyReviewWebhook(
            options,
            api,
            new ToolReviewFlow(host.OnBehalfReviews, options.Review, "PagerDuty", _logger),
            new ReplayGuard(host.TimeProvider, PagerDutyReviewWebhook.Window),
            _logger,
            routes.MaxBodyBytes);
        routes.MapPost(PagerDutyReviewWebhook.ApproveRoute, webhook.ApproveAsync);
        routes.MapPost(PagerDutyReviewWebhook.DenyRoute, webhook.DenyAsync);
    }

    public void Dispose() => api.Dispose();

    private async Task ResolveAsync(AccessRequestStepContext context, string tag, string reason, CancellationToken cancellationToken)
    {
        if (IncidentOf(context) is not { } incidentId)
        {
            return;
        }

        var marker = ResumeMarkers.NoteLine(context.Request.Id, ResumeMarkers.Resolution);
        if (!context.State.TryGet(ResolutionNoteKey, out _) && context.Resumed is not null
            && await api.FindNoteAsync(incidentId, marker, cancellationToken) is { } found)
        {
            LogNoteFound(_logger, marker, incidentId, context.Request.Id);
            context.State.Set(ResolutionNoteKey, found);
        }

        if (!context.State.TryGet(ResolutionNoteKey, out _))
        {
            var noteId = await api.AddNoteAsync(incidentId, $"{AccessRequestNotes.ResolutionNote(tag, reason)}\n{marker}", cancellationToken);
            context.State.Set(ResolutionNoteKey, noteId);
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

        // No incident: the request had no notify annotation (already logged when it was created).
        LogNoIncident(_logger, context.Request.Id);
        return null;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Request {RequestId} has no {Annotation} annotation naming a PagerDuty service; no incident is opened for it")]
    private static partial void LogSkippedNoAnnotation(ILogger logger, string requestId, string annotation);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Opened PagerDuty incident {IncidentId} on service {Service} for request {RequestId}")]
    private static partial void LogIncidentOpened(ILogger logger, string incidentId, string service, string requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Resolved PagerDuty incident {IncidentId} ({Tag}) for request {RequestId}")]
    private static partial void LogIncidentResolved(ILogger logger, string incidentId, string tag, string requestId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Request {RequestId} has no PagerDuty incident; nothing to update")]
    private static partial void LogNoIncident(ILogger logger, string requestId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "PagerDuty service {Service} named by request {RequestId} does not exist or has no escalation policy; it is ignored for auto-approval")]
    private static partial void LogServiceNotFound(ILogger logger, string service, string requestId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Found PagerDuty incident {IncidentId} for request {RequestId}, opened by an attempt that was not confirmed; using it")]
    private static partial void LogIncidentFound(ILogger logger, string incidentId, string requestId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Found the note {Marker} on PagerDuty incident {IncidentId} for request {RequestId}, added by an attempt that was not confirmed; not adding it again")]
    private static partial void LogNoteFound(ILogger logger, string marker, string incidentId, string requestId);
}
