using System.Collections.Concurrent;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Jira.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Jira;

/// <summary>
/// One Jira issue per Access Request: created in the project Access Monitoring Rules route it to (a routed recipient is a
/// project key; the first one decides, see <see cref="TicketProjects"/>) or else the configured project, commented on for each review, commented on
/// and transitioned when the request is resolved or expires. Approval from Jira is served by <see cref="JiraWebhookHandler"/>.
/// </summary>
internal sealed class JiraAdapter(AdapterContext host, JiraOptions options, JiraApiClient api) : IAccessRequestAdapter, IInboundRouteProvider, IReminderSender, IDisposable
{
    // Plugin-data keys shared with Teleport's Jira plugin, so its issues keep being updated after a migration.
    public const string IssueIdKey = "issue_id";
    public const string IssueKeyKey = "issue_key";

    // Ours: the resolution comment was posted, so a retry after a failed transition does not post it again.
    public const string ResolutionCommentKey = "resolution_comment_id";

    public const string PendingStatus = "Pending";

    // A resumed step reads comments newest first, this many per page.
    private const int CommentPageSize = 100;

    private readonly ConcurrentDictionary<string, bool> _missingTransitionsLogged = new(StringComparer.OrdinalIgnoreCase);

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var myself = await api.GetMyselfAsync(cancellationToken);
            var who = myself.EmailAddress ?? myself.DisplayName ?? myself.Identity ?? "?";
            var project = await api.GetProjectAsync(cancellationToken);
            var permissions = await api.GetMyPermissionsAsync(cancellationToken);
            var missing = JiraApiClient.RequiredPermissions
                .Where(p => permissions.Permissions?.GetValueOrDefault(p)?.HavePermission != true)
                .ToList();
            return missing.Count == 0
                ? AdapterHealth.Healthy($"Jira at {options.Url}: authenticated as {who}, project {project.Key ?? options.Project} is usable")
                : AdapterHealth.Unhealthy($"Jira at {options.Url}: {who} lacks the permission(s) {string.Join(", ", missing)} in project {options.Project}");
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
        {
            return AdapterHealth.Unhealthy($"Jira at {options.Url} failed the start-up check: {e.Message}");
        }
    }

    public async Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!context.State.TryGet(IssueIdKey, out var issueId))
        {
            var label = JiraMarkers.Label(request.Id);
            var project = ProjectOf(context);

            // Only when an earlier attempt may have created the issue and died before the host recorded it: the common path makes no search.
            var created = context.Resumed is null ? null : await api.FindIssueByLabelAsync(project, label, cancellationToken);
            if (created is not null)
            {
                JiraLog.IssueFound(host.Logger, created.Key ?? created.Id!, created.Id!, request.Id);
            }
            else
            {
                var issue = new JiraCreateIssueRequest(
                    new JiraNewIssueFields(new JiraKeyRef(project), new JiraNameRef(options.IssueType), JiraText.Summary(request), JiraText.Description(request), [label]),
                    [new JiraEntityProperty(JiraApiClient.RequestIdProperty, request.Id)]);
                created = await api.CreateIssueAsync(issue, cancellationToken);
                if (string.IsNullOrEmpty(created.Id))
                {
                    throw new PermanentAdapterException("Jira POST issue answered without an issue ID");
                }

                JiraLog.IssueCreated(host.Logger, created.Key ?? created.Id, created.Id, request.Id);
            }

            // Recorded at once: the host persists it even if the transition below fails, so a retry never creates a second issue.
            // Issue IDs are unique across projects, so later steps (and a restarted host) reach the issue wherever it was routed.
            issueId = created.Id!;
            context.State.Set(IssueIdKey, issueId);
            context.State.Set(IssueKeyKey, created.Key ?? string.Empty);
        }

        // New issues land in the workflow's initial status; move them to Pending when the workflow has it, silently otherwise.
        await MoveToStatusAsync(issueId, PendingStatus, request.Id, warnWhenMissing: false, cancellationToken);
    }

    public async Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken)
    {
        if (IssueOf(context) is { } issueId)
        {
            var item = ResumeMarkers.Review(context.ReviewIndex);
            if (await FindCommentAsync(context, issueId, item, cancellationToken) is null)
            {
                await api.AddCommentAsync(issueId, JiraMarkers.Mark(JiraText.Review(context.Review), context.Request.Id, item), cancellationToken);
            }
        }
    }

    /// <summary>
    /// A comment on the request's issue (the one stored at creation): the reminder and, when it escalates, a mention of
    /// each <c>escalate_to</c> user (<see cref="JiraText.Mention"/>), which Jira notifies. Marked like the review
    /// comments, so a resumed step finds it instead of commenting twice.
    /// </summary>
    public async Task OnReminderAsync(RequestReminderContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IssueOf(context) is { } issueId)
        {
            var item = FormattableString.Invariant($"reminder:{context.Number}");
            if (await FindCommentAsync(context, issueId, item, cancellationToken) is null)
            {
                var waited = host.TimeProvider.GetUtcNow() - context.Request.Created;
                var text = ReminderText.Comment(context.Request.Id, context.Number, [.. context.EscalateTo.Select(JiraText.Mention)], waited);
                await api.AddCommentAsync(issueId, JiraMarkers.Mark(text, context.Request.Id, item), cancellationToken);
            }
        }
    }

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) =>
        ResolveAsync(context, TicketText.ResolutionTag(context.Resolution), context.Reason, cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) =>
        ResolveAsync(context, TicketText.ResolutionTag(AccessRequestState.None), string.Empty, cancellationToken);

    public void MapRoutes(IInboundRouteRegistry routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        if (options.WebhookEnabled)
        {
            routes.MapPost("webhook", new JiraWebhookHandler(host, options, api).HandleAsync);
        }
    }

    public void Dispose() => api.Dispose();

    private async Task ResolveAsync(AccessRequestStepContext context, string tag, string reason, CancellationToken cancellationToken)
    {
        if (IssueOf(context) is not { } issueId)
        {
            return;
        }

        if (!context.State.TryGet(ResolutionCommentKey, out _))
        {
            var comment = await FindCommentAsync(context, issueId, ResumeMarkers.Resolution, cancellationToken)
                ?? await api.AddCommentAsync(issueId, JiraMarkers.Mark(JiraText.Resolution(tag, reason), context.Request.Id, ResumeMarkers.Resolution), cancellationToken);
            context.State.Set(ResolutionCommentKey, string.IsNullOrEmpty(comment.Id) ? "posted" : comment.Id);
        }

        // Status names as Teleport's plugin expects them: Approved, Denied, Promoted, Expired.
        var status = char.ToUpperInvariant(tag[0]) + tag[1..];
        await MoveToStatusAsync(issueId, status, context.Request.Id, warnWhenMissing: true, cancellationToken);
    }

    /// <summary>
    /// The comment an earlier, unconfirmed attempt posted for <paramref name="item"/>, or null; looked for only when the
    /// step resumes such an attempt. Newest first, down to the attempt's claim less the clock skew allowed between host and Jira.
    /// </summary>
    private async Task<JiraComment?> FindCommentAsync(AccessRequestStepContext context, string issueId, string item, CancellationToken cancellationToken)
    {
        if (context.Resumed is not { } resumed)
        {
            return null;
        }

        var since = ResumeMarkers.SearchFrom(resumed);
        for (var startAt = 0; ;)
        {
            var page = await api.GetCommentsAsync(issueId, startAt, CommentPageSize, cancellationToken);
            var comments = page.Comments ?? [];
            if (comments.FirstOrDefault(c => JiraMarkers.IsMarked(c.Body, context.Request.Id, item)) is { } found)
            {
                JiraLog.CommentFound(host.Logger, item, found.Id ?? "?", issueId, context.Request.Id);
                return found;
            }

            // Jira may answer fewer than asked per page; the total says when the last page was read.
            startAt += comments.Count;
            if (comments.Count == 0 || startAt >= page.Total || comments.Any(c => JiraTime.Parse(c.Created) < since))
            {
                return null;
            }
        }
    }

    // Jira project keys are upper-case; a rule may write them in any case.
    private string ProjectOf(RequestCreatedContext context)
    {
        var id = context.Request.Id;
        return TicketProjects.Choose(
            context.RoutedRecipients?.Select(r => r.ToUpperInvariant()).ToList(),
            options.Project,
            options.AllowedProjects,
            JiraOptions.IsProjectKey,
            recipient => JiraLog.RouteNotAProject(host.Logger, id, recipient, options.Project),
            recipient => JiraLog.RouteRefused(host.Logger, id, recipient, options.Project));
    }

    private string? IssueOf(AccessRequestStepContext context)
    {
        if (context.State.TryGet(IssueIdKey, out var issueId))
        {
            return issueId;
        }

        JiraLog.NoIssue(host.Logger, context.Request.Id);
        return null;
    }

    private async Task MoveToStatusAsync(string issueId, string status, string requestId, bool warnWhenMissing, CancellationToken cancellationToken)
    {
        var issue = await api.GetIssueTransitionsAsync(issueId, cancellationToken)
            ?? throw new PermanentAdapterException($"Jira issue {issueId} of request {requestId} no longer exists");
        if (string.Equals(issue.Fields?.Status?.Name, status, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var transition = issue.Transitions?.FirstOrDefault(t => string.Equals(t.To?.Name, status, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(t.Id));
        if (transition is null)
        {
            if (warnWhenMissing && _missingTransitionsLogged.TryAdd(status, true))
            {
                JiraLog.TransitionMissing(host.Logger, status, issueId, requestId);
            }

            return;
        }

        await api.TransitionAsync(issueId, transition.Id!, cancellationToken);
        JiraLog.Transitioned(host.Logger, issueId, status, requestId);
    }
}
