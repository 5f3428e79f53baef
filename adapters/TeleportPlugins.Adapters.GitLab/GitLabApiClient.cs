using System.Text.Json;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Adapters.GitLab.Api;

namespace TeleportPlugins.Adapters.GitLab;

/// <summary>The adapter's GitLab calls: <see cref="IGitLabApi"/> (Refit's generated client) under the failure rule every tool shares.</summary>
internal sealed class GitLabApiClient(HttpClient http, GitLabOptions options) : IDisposable
{
    // No reset header: GitLab's RateLimit-Reset is a Unix time; Retry-After is what a 429 carries.
    private static readonly ToolCalls Calls = new("GitLab", ReadErrorDetail);
    private readonly RefitApi<IGitLabApi> _gitlab = RefitApi.Create<IGitLabApi>(http, options.ApiBase, GitLabJsonContext.Default, new GitLabAuthentication(options));

    private IGitLabApi Api => _gitlab.Api;

    public Task<GitLabUser> GetCurrentUserAsync(CancellationToken cancellationToken) =>
        Calls.SendAsync("GET user", () => Api.GetCurrentUserAsync(cancellationToken), cancellationToken);

    public Task<GitLabProject> GetProjectAsync(string project, CancellationToken cancellationToken) =>
        Calls.SendAsync("GET project", () => Api.GetProjectAsync(project, cancellationToken), cancellationToken);

    public Task<List<GitLabLabel>> SearchLabelsAsync(string project, string search, CancellationToken cancellationToken) =>
        Calls.SendAsync("GET labels", () => Api.SearchLabelsAsync(project, search, cancellationToken), cancellationToken);

    public Task CreateLabelAsync(string project, GitLabNewLabel label, CancellationToken cancellationToken) =>
        Calls.SendAsync("POST labels", () => Api.CreateLabelAsync(project, label, cancellationToken), cancellationToken);

    public Task<GitLabIssue> CreateIssueAsync(string project, GitLabNewIssue issue, CancellationToken cancellationToken) =>
        Calls.SendAsync("POST issues", () => Api.CreateIssueAsync(project, issue, cancellationToken), cancellationToken);

    public async Task<GitLabIssue?> FindIssueAsync(string project, string label, CancellationToken cancellationToken) =>
        (await Calls.SendAsync("GET issues", () => Api.FindIssuesAsync(project, label, cancellationToken), cancellationToken)).FirstOrDefault();

    public Task<GitLabIssue?> GetIssueAsync(string project, long iid, CancellationToken cancellationToken) =>
        Calls.FindAsync("GET issue", () => Api.GetIssueAsync(project, iid, cancellationToken), cancellationToken);

    public Task UpdateIssueAsync(string project, long iid, GitLabIssueUpdate update, CancellationToken cancellationToken) =>
        Calls.SendAsync("PUT issue", () => Api.UpdateIssueAsync(project, iid, update, cancellationToken), cancellationToken);

    public Task<GitLabNote> AddNoteAsync(string project, long iid, string body, CancellationToken cancellationToken) =>
        Calls.SendAsync("POST notes", () => Api.AddNoteAsync(project, iid, new GitLabNewNote(body), cancellationToken), cancellationToken);

    /// <summary>One page of an issue's notes, newest first; page numbers start at 1.</summary>
    public Task<List<GitLabNote>> GetNotesAsync(string project, long iid, int perPage, int page, CancellationToken cancellationToken) =>
        Calls.SendAsync("GET notes", () => Api.GetNotesAsync(project, iid, perPage, page, cancellationToken), cancellationToken);

    public Task<List<GitLabLabelEvent>> GetLabelEventsAsync(string project, long iid, CancellationToken cancellationToken) =>
        Calls.SendAsync("GET resource_label_events", () => Api.GetLabelEventsAsync(project, iid, cancellationToken), cancellationToken);

    public void Dispose() => _gitlab.Dispose();

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
