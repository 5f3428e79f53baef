using System.Collections.Concurrent;
using System.Globalization;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.GitLab.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.GitLab;

/// <summary>
/// One GitLab issue per Access Request, labelled pending; notes for reviews; on resolution a note, then the
/// pending label swapped for the outcome's and the issue closed. Approval by label is served by <see cref="GitLabWebhookHandler"/>.
/// The issue opens in the project Access Monitoring Rules route the request to (a routed recipient is a project ID or
/// path; the first one decides, see <see cref="TicketProjects"/>), else in the configured project; every later step
/// acts in the project recorded with the issue.
/// </summary>
internal sealed class GitLabAdapter(AdapterContext host, GitLabOptions options, GitLabApiClient api) : IAccessRequestAdapter, IInboundRouteProvider, IReminderSender, IDisposable
{
    // Plugin-data keys of Teleport's former GitLab plugin.
    public const string IssueIdKey = "issue_id";
    public const string IssueIidKey = "issue_iid";
    public const string ProjectIdKey = "project_id";

    // Ours: the resolution note was posted, so a retry after a failed close does not post it again.
    public const string ResolutionNoteKey = "resolution_note_id";

    // GitLab's largest page; a resumed step reads notes newest first.
    private const int NotePageSize = 100;

    // The projects whose status labels this process has made sure of: the configured one at start-up, a routed one
    // before its first issue there (GitLab would otherwise create them uncoloured when an issue names them).
    private readonly ConcurrentDictionary<string, bool> _labelled = new(StringComparer.OrdinalIgnoreCase);

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var project = await api.GetProjectAsync(options.ProjectId, cancellationToken);
            await EnsureLabelsAsync(options.ProjectId, cancellationToken);
            return AdapterHealth.Healthy($"GitLab at {options.Url}: project {project.PathWithNamespace ?? options.ProjectId} is reachable and has the Teleport labels");
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException)
        {
            return AdapterHealth.Unhealthy($"GitLab at {options.Url} failed the start-up check: {e.Message}");
        }
    }

    public async Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken)
    {
        if (context.State.TryGet(IssueIidKey, out _))
        {
            return;
        }

        var request = context.Request;
        var label = GitLabMarkers.Label(request.Id);
        var project = ProjectOf(context);

        // Only when an earlier attempt may have created the issue and died before the host recorded it: the common path makes no search.
        // GitLab creates the request's label with the issue, so no label is ever created twice either.
        if (context.Resumed is not null && await api.FindIssueAsync(project, label, cancellationToken) is { } found)
        {
            Record(context, found);
            GitLabLog.IssueFound(host.Logger, found.Iid, found.Id, request.Id);
            return;
        }

        // The configured project's labels are made at start-up; a routed project's before its first issue.
        if (project != options.ProjectId)
        {
            await EnsureLabelsAsync(project, cancellationToken);
        }

        var issue = await api.CreateIssueAsync(project, new GitLabNewIssue(GitLabText.Title(request), GitLabText.Description(request), GitLabLabels.Pending + "," + label), cancellationToken);
        Record(context, issue);
        GitLabLog.IssueCreated(host.Logger, issue.Iid, issue.Id, request.Id);
    }

    public async Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken)
    {
        if (IssueOf(context) is var (project, iid))
        {
            var item = ResumeMarkers.Review(context.ReviewIndex);
            if (await FindNoteAsync(context, project, iid, item, cancellationToken) is null)
            {
                await api.AddNoteAsync(project, iid, GitLabMarkers.Mark(GitLabText.Review(context.Review), context.Request.Id, item), cancellationToken);
            }
        }
    }

    /// <summary>
    /// A note on the request's issue (the one stored at creation): the reminder and, when it escalates, an
    /// <c>@</c>-mention of each <c>escalate_to</c> user or group (<see cref="GitLabText.Mention"/>), which GitLab
    /// notifies. Marked like the review notes, so a resumed step finds it instead of noting twice.
    /// </summary>
    public async Task OnReminderAsync(RequestReminderContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IssueOf(context) is var (project, iid))
        {
            var item = FormattableString.Invariant($"reminder:{context.Number}");
            if (await FindNoteAsync(context, project, iid, item, cancellationToken) is null)
            {
                var waited = host.TimeProvider.GetUtcNow() - context.Request.Created;
                var text = ReminderText.Comment(context.Request.Id, context.Number, [.. context.EscalateTo.Select(GitLabText.Mention)], waited);
                await api.AddNoteAsync(project, iid, GitLabMarkers.Mark(text, context.Request.Id, item), cancellationToken);
            }
        }
    }

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) =>
        ResolveAsync(context, context.Resolution, context.Reason, cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) =>
        ResolveAsync(context, AccessRequestState.None, string.Empty, cancellationToken);

    public void MapRoutes(IInboundRouteRegistry routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        if (options.WebhookEnabled)
        {
            routes.MapPost("webhook", new GitLabWebhookHandler(host, options, api).HandleAsync);
        }
    }

    public void Dispose() => api.Dispose();

    // Once per project and process; a failure is not remembered, so the next issue in that project tries again.
    private async Task EnsureLabelsAsync(string project, CancellationToken cancellationToken)
    {
        if (_labelled.ContainsKey(project))
        {
            return;
        }

        var existing = await ExistingLabelsAsync(project, cancellationToken);
        foreach (var (name, color) in GitLabLabels.All.Where(l => !existing.Contains(l.Name)))
        {
            try
            {
                await api.CreateLabelAsync(project, new GitLabNewLabel(name, color, "Teleport Access Request status"), cancellationToken);
                GitLabLog.LabelCreated(host.Logger, name, project);
            }
            catch (PermanentAdapterException)
            {
                // Another replica may have created it at the same moment (GitLab answers 409 "Label already exists").
                if (!(await ExistingLabelsAsync(project, cancellationToken)).Contains(name))
                {
                    throw;
                }
            }
        }

        _labelled.TryAdd(project, true);
    }

    private async Task<HashSet<string>> ExistingLabelsAsync(string project, CancellationToken cancellationToken) =>
        [.. (await api.SearchLabelsAsync(project, "Teleport", cancellationToken)).Select(l => l.Name ?? string.Empty)];

    private async Task ResolveAsync(AccessRequestStepContext context, AccessRequestState resolution, string reason, CancellationToken cancellationToken)
    {
        if (IssueOf(context) is not var (project, iid))
        {
            return;
        }

        if (!context.State.TryGet(ResolutionNoteKey, out _))
        {
            var note = await FindNoteAsync(context, project, iid, ResumeMarkers.Resolution, cancellationToken)
                ?? await api.AddNoteAsync(project, iid, GitLabMarkers.Mark(GitLabText.Resolution(TicketText.ResolutionTag(resolution), reason), context.Request.Id, ResumeMarkers.Resolution), cancellationToken);
            context.State.Set(ResolutionNoteKey, note.Id.ToString(CultureInfo.InvariantCulture));
        }

        // Safe to repeat: closing a closed issue and adding a label it has change nothing.
        await api.UpdateIssueAsync(project, iid, new GitLabIssueUpdate("close", GitLabLabels.For(resolution), GitLabLabels.Pending), cancellationToken);
    }

    private string ProjectOf(RequestCreatedContext context)
    {
        var id = context.Request.Id;
        return TicketProjects.Choose(
            context.RoutedRecipients,
            options.ProjectId,
            options.AllowedProjects,
            GitLabOptions.IsProjectReference,
            recipient => GitLabLog.RouteNotAProject(host.Logger, id, recipient, options.ProjectId),
            recipient => GitLabLog.RouteRefused(host.Logger, id, recipient, options.ProjectId));
    }

    private static void Record(AccessRequestStepContext context, GitLabIssue issue)
    {
        context.State.Set(IssueIdKey, issue.Id.ToString(CultureInfo.InvariantCulture));
        context.State.Set(IssueIidKey, issue.Iid.ToString(CultureInfo.InvariantCulture));
        context.State.Set(ProjectIdKey, issue.ProjectId.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The note an earlier, unconfirmed attempt posted for <paramref name="item"/>, or null; looked for only when the
    /// step resumes such an attempt. Newest first, down to the attempt's claim less the clock skew allowed between host and GitLab.
    /// </summary>
    private async Task<GitLabNote?> FindNoteAsync(AccessRequestStepContext context, string project, long iid, string item, CancellationToken cancellationToken)
    {
        if (context.Resumed is not { } resumed)
        {
            return null;
        }

        var since = ResumeMarkers.SearchFrom(resumed);
        for (var page = 1; ; page++)
        {
            var notes = await api.GetNotesAsync(project, iid, NotePageSize, page, cancellationToken);
            if (notes.FirstOrDefault(n => GitLabMarkers.IsMarked(n.Body, context.Request.Id, item)) is { } found)
            {
                GitLabLog.NoteFound(host.Logger, item, found.Id, iid, context.Request.Id);
                return found;
            }

            if (notes.Count < NotePageSize || notes.Any(n => n.CreatedAt < since))
            {
                return null;
            }
        }
    }

    // The issue's project as recorded with it (a numeric ID, so a restarted host finds it wherever it was routed); the
    // configured project for state that lacks it.
    private (string Project, long Iid)? IssueOf(AccessRequestStepContext context)
    {
        if (context.State.TryGet(IssueIidKey, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var iid))
        {
            return (context.State.TryGet(ProjectIdKey, out var project) && project.Length > 0 ? project : options.ProjectId, iid);
        }

        GitLabLog.NoIssue(host.Logger, context.Request.Id);
        return null;
    }
}
