using Refit;

namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>
/// The GitLab REST API v4 calls the adapter makes, relative to <c>{url}/api/v4</c>; <c>project</c> is a
/// project's ID or path (escaped, so <c>group/project</c> becomes one segment). The token is added by <see cref="GitLabAuthentication"/>.
/// </summary>
[Headers("Accept: application/json")]
internal interface IGitLabApi
{
    /// <summary>The account the token belongs to.</summary>
    [Get("/user")]
    Task<GitLabUser> GetCurrentUserAsync(CancellationToken cancellationToken);

    [Get("/projects/{project}")]
    Task<GitLabProject> GetProjectAsync(string project, CancellationToken cancellationToken);

    [Get("/projects/{project}/labels?search={search}&per_page=100")]
    Task<List<GitLabLabel>> SearchLabelsAsync(string project, string search, CancellationToken cancellationToken);

    [Post("/projects/{project}/labels")]
    Task CreateLabelAsync(string project, [Body] GitLabNewLabel label, CancellationToken cancellationToken);

    [Post("/projects/{project}/issues")]
    Task<GitLabIssue> CreateIssueAsync(string project, [Body] GitLabNewIssue issue, CancellationToken cancellationToken);

    /// <summary>The project's oldest issue with the label, in a list (open and closed issues alike).</summary>
    [Get("/projects/{project}/issues?labels={label}&order_by=created_at&sort=asc&per_page=1")]
    Task<List<GitLabIssue>> FindIssuesAsync(string project, string label, CancellationToken cancellationToken);

    [Get("/projects/{project}/issues/{iid}")]
    Task<GitLabIssue> GetIssueAsync(string project, long iid, CancellationToken cancellationToken);

    [Put("/projects/{project}/issues/{iid}")]
    Task UpdateIssueAsync(string project, long iid, [Body] GitLabIssueUpdate update, CancellationToken cancellationToken);

    [Post("/projects/{project}/issues/{iid}/notes")]
    Task<GitLabNote> AddNoteAsync(string project, long iid, [Body] GitLabNewNote note, CancellationToken cancellationToken);

    /// <summary>One page of an issue's notes (system notes included), newest first.</summary>
    [Get("/projects/{project}/issues/{iid}/notes?sort=desc&order_by=created_at&per_page={perPage}&page={page}")]
    Task<List<GitLabNote>> GetNotesAsync(string project, long iid, int perPage, int page, CancellationToken cancellationToken);

    /// <summary>Who added or removed which label, oldest first.</summary>
    [Get("/projects/{project}/issues/{iid}/resource_label_events?per_page=100")]
    Task<List<GitLabLabelEvent>> GetLabelEventsAsync(string project, long iid, CancellationToken cancellationToken);
}
