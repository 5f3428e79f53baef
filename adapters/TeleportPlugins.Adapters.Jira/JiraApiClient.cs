using System.Net.Http.Headers;
using System.Text.Json;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Adapters.Jira.Api;

namespace TeleportPlugins.Adapters.Jira;

/// <summary>The adapter's Jira calls: <see cref="IJiraApi"/> (Refit's generated client) under the failure rule every tool shares.</summary>
internal sealed class JiraApiClient(HttpClient http, JiraOptions options) : IDisposable
{
    /// <summary>The entity property that links an issue to its Access Request, as Teleport's plugin names it.</summary>
    public const string RequestIdProperty = "teleportAccessRequestId";

    /// <summary>The permissions the adapter needs in the project, comma-separated as GET mypermissions takes them.</summary>
    public const string Permissions = "BROWSE_PROJECTS,CREATE_ISSUES,TRANSITION_ISSUES,ADD_COMMENTS";

    /// <summary>The same permissions, one by one.</summary>
    public static readonly IReadOnlyList<string> RequiredPermissions = Permissions.Split(',');

    private static readonly ToolCalls Calls = new("Jira", ReadErrorDetail);
    private readonly RefitApi<IJiraApi> _jira = RefitApi.Create<IJiraApi>(http, options.ApiBase, JiraJsonContext.Default, Authorization(options));

    // Cleared once search/jql answers 404: Data Center has only the older search.
    private volatile bool _searchJql = true;

    private IJiraApi Api => _jira.Api;

    public Task<JiraUser> GetMyselfAsync(CancellationToken cancellationToken) =>
        Calls.SendAsync("GET myself", () => Api.GetMyselfAsync(cancellationToken), cancellationToken);

    public Task<JiraProject> GetProjectAsync(CancellationToken cancellationToken) =>
        Calls.SendAsync("GET project", () => Api.GetProjectAsync(options.Project, cancellationToken), cancellationToken);

    public Task<JiraPermissions> GetMyPermissionsAsync(CancellationToken cancellationToken) =>
        Calls.SendAsync("GET mypermissions", () => Api.GetMyPermissionsAsync(options.Project, cancellationToken), cancellationToken);

    public Task<JiraCreatedIssue> CreateIssueAsync(JiraCreateIssueRequest issue, CancellationToken cancellationToken) =>
        Calls.SendAsync("POST issue", () => Api.CreateIssueAsync(issue, cancellationToken), cancellationToken);

    /// <summary>Reads an issue's status, project, changelog and request ID property; null when Jira has no such issue.</summary>
    public Task<JiraIssue?> GetIssueAsync(string issueId, CancellationToken cancellationToken) =>
        Calls.FindAsync("GET issue", () => Api.GetIssueAsync(issueId, cancellationToken), cancellationToken);

    /// <summary>Reads an issue's status and the transitions available from it; null when Jira has no such issue.</summary>
    public Task<JiraIssue?> GetIssueTransitionsAsync(string issueId, CancellationToken cancellationToken) =>
        Calls.FindAsync("GET issue", () => Api.GetIssueTransitionsAsync(issueId, cancellationToken), cancellationToken);

    public Task TransitionAsync(string issueId, string transitionId, CancellationToken cancellationToken) =>
        Calls.SendAsync("POST transitions", () => Api.TransitionAsync(issueId, new JiraTransitionRequest(new JiraIdRef(transitionId)), cancellationToken), cancellationToken);

    public Task<JiraComment> AddCommentAsync(string issueId, string body, CancellationToken cancellationToken) =>
        Calls.SendAsync("POST comment", () => Api.AddCommentAsync(issueId, new JiraCommentRequest(body), cancellationToken), cancellationToken);

    /// <summary>One page of comments, newest first.</summary>
    public Task<JiraCommentPage> GetCommentsAsync(string issueId, int startAt, int maxResults, CancellationToken cancellationToken) =>
        Calls.SendAsync("GET comment", () => Api.GetCommentsAsync(issueId, startAt, maxResults, cancellationToken), cancellationToken);

    /// <summary>
    /// The oldest issue of <paramref name="project"/> carrying <paramref name="label"/>, or null: JQL search, Cloud's
    /// search/jql first and Data Center's search when that is not found.
    /// </summary>
    public async Task<JiraCreatedIssue?> FindIssueByLabelAsync(string project, string label, CancellationToken cancellationToken)
    {
        var jql = $"project = {Quoted(project)} AND labels = {Quoted(label)} ORDER BY created ASC";
        JiraSearchResults? results = null;
        if (_searchJql)
        {
            results = await Calls.FindAsync("GET search/jql", () => Api.SearchJqlAsync(jql, cancellationToken), cancellationToken);
            _searchJql = results is not null;
        }

        results ??= await Calls.SendAsync("GET search", () => Api.SearchAsync(jql, cancellationToken), cancellationToken);
        return results.Issues?.FirstOrDefault(i => !string.IsNullOrEmpty(i.Id));
    }

    public void Dispose() => _jira.Dispose();

    // A JQL string literal: quotes and backslashes escaped with a backslash.
    private static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string? ReadErrorDetail(string body)
    {
        var error = JsonSerializer.Deserialize(body, JiraJsonContext.Default.JiraErrorBody);
        if (error?.ErrorMessages is { Count: > 0 } messages)
        {
            return string.Join("; ", messages);
        }

        return error?.Errors switch
        {
            { ValueKind: JsonValueKind.Object } fields => string.Join("; ", fields.EnumerateObject().Select(f => $"{f.Name}: {f.Value}")),
            { ValueKind: JsonValueKind.Array } list => string.Join("; ", list.EnumerateArray().Select(e => e.ToString())),
            _ => null,
        };
    }

    /// <summary>Basic (account and API token) or Bearer (Data Center personal access token).</summary>
    private static AuthenticationHeaderValue Authorization(JiraOptions options) => options.Auth == JiraAuthMethod.Bearer
        ? new AuthenticationHeaderValue("Bearer", options.ApiToken)
        : BasicCredentials.Header(options.Username, options.ApiToken);
}
