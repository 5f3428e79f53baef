using System.Net.Http.Json;
using System.Text.Json;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.GitLab.Api;

namespace TeleportPlugins.Adapters.GitLab;

/// <summary>The GitLab REST API v4 calls the adapter makes, authenticated with <c>PRIVATE-TOKEN</c>.</summary>
internal sealed class GitLabApiClient(HttpClient http, GitLabOptions options)
{
    private readonly JsonApi _api = new(http, "GitLab", ReadErrorDetail, resetHeader: null); // RateLimit-Reset is a Unix time; Retry-After is what a 429 carries.

    public Task<GitLabUser> GetCurrentUserAsync(CancellationToken cancellationToken) =>
        _api.SendAsync(Request(HttpMethod.Get, new Uri(options.ApiBase, "user")), "GET user", GitLabJsonContext.Default.GitLabUser, cancellationToken);

    public Task<GitLabProject> GetProjectAsync(CancellationToken cancellationToken) =>
        _api.SendAsync(Request(HttpMethod.Get, new Uri(options.ApiBase, "projects/" + Uri.EscapeDataString(options.ProjectId))), "GET project", GitLabJsonContext.Default.GitLabProject, cancellationToken);

    public Task<List<GitLabLabel>> SearchLabelsAsync(string search, CancellationToken cancellationToken) =>
        _api.SendAsync(Project(HttpMethod.Get, $"labels?search={Uri.EscapeDataString(search)}&per_page=100"), "GET labels", GitLabJsonContext.Default.ListGitLabLabel, cancellationToken);

    public Task CreateLabelAsync(GitLabNewLabel label, CancellationToken cancellationToken) =>
        _api.SendAsync(Project(HttpMethod.Post, "labels", JsonContent.Create(label, GitLabJsonContext.Default.GitLabNewLabel)), "POST labels", cancellationToken);

    public Task<GitLabIssue> CreateIssueAsync(GitLabNewIssue issue, CancellationToken cancellationToken) =>
        _api.SendAsync(Project(HttpMethod.Post, "issues", JsonContent.Create(issue, GitLabJsonContext.Default.GitLabNewIssue)), "POST issues", GitLabJsonContext.Default.GitLabIssue, cancellationToken);

    public Task<GitLabIssue?> GetIssueAsync(long iid, CancellationToken cancellationToken) =>
        _api.FindAsync(Project(HttpMethod.Get, $"issues/{iid}"), "GET issue", GitLabJsonContext.Default.GitLabIssue, cancellationToken);

    public Task UpdateIssueAsync(long iid, GitLabIssueUpdate update, CancellationToken cancellationToken) =>
        _api.SendAsync(Project(HttpMethod.Put, $"issues/{iid}", JsonContent.Create(update, GitLabJsonContext.Default.GitLabIssueUpdate)), "PUT issue", cancellationToken);

    public Task<GitLabNote> AddNoteAsync(long iid, string body, CancellationToken cancellationToken) =>
        _api.SendAsync(Project(HttpMethod.Post, $"issues/{iid}/notes", JsonContent.Create(new GitLabNewNote(body), GitLabJsonContext.Default.GitLabNewNote)), "POST notes", GitLabJsonContext.Default.GitLabNote, cancellationToken);

    public Task<List<GitLabLabelEvent>> GetLabelEventsAsync(long iid, CancellationToken cancellationToken) =>
        _api.SendAsync(Project(HttpMethod.Get, $"issues/{iid}/resource_label_events?per_page=100"), "GET resource_label_events", GitLabJsonContext.Default.ListGitLabLabelEvent, cancellationToken);

    private HttpRequestMessage Project(HttpMethod method, string relative, HttpContent? content = null)
    {
        var request = Request(method, new Uri(options.ProjectBase, relative));
        request.Content = content;
        return request;
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add("PRIVATE-TOKEN", options.Token);
        return request;
    }

    private static string? ReadErrorDetail(string body)
    {
        var error = JsonSerializer.Deserialize(body, GitLabJsonContext.Default.GitLabError);
        return error?.Message switch
        {
            { ValueKind: JsonValueKind.String } text => text.GetString(),
            { ValueKind: JsonValueKind.Object or JsonValueKind.Array } structured => structured.GetRawText(),
            _ => error?.Error,
        };
    }
}
