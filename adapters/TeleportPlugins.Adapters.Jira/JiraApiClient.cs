using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Jira.Api;

namespace TeleportPlugins.Adapters.Jira;

/// <summary>The Jira REST API v2 calls the adapter makes (Cloud and Data Center share them).</summary>
internal sealed class JiraApiClient
{
    /// <summary>The entity property that links an issue to its Access Request, as Teleport's plugin names it.</summary>
    public const string RequestIdProperty = "teleportAccessRequestId";

    /// <summary>The permissions the adapter needs in the project.</summary>
    public static readonly IReadOnlyList<string> RequiredPermissions = ["BROWSE_PROJECTS", "CREATE_ISSUES", "TRANSITION_ISSUES", "ADD_COMMENTS"];

    private readonly JiraOptions _options;
    private readonly JsonApi _api;
    private readonly AuthenticationHeaderValue _authorization;

    public JiraApiClient(HttpClient http, JiraOptions options)
    {
        _options = options;
        _api = new JsonApi(http, "Jira", ReadErrorDetail, resetHeader: null);
        _authorization = options.Auth == JiraAuthMethod.Bearer
            ? new AuthenticationHeaderValue("Bearer", options.ApiToken)
            : BasicCredentials.Header(options.Username, options.ApiToken);
    }

    public Task<JiraUser> GetMyselfAsync(CancellationToken cancellationToken) =>
        _api.SendAsync(Request(HttpMethod.Get, "myself"), "GET myself", JiraJsonContext.Default.JiraUser, cancellationToken);

    public Task<JiraProject> GetProjectAsync(CancellationToken cancellationToken) =>
        _api.SendAsync(Request(HttpMethod.Get, $"project/{Uri.EscapeDataString(_options.Project)}"), "GET project", JiraJsonContext.Default.JiraProject, cancellationToken);

    public Task<JiraPermissions> GetMyPermissionsAsync(CancellationToken cancellationToken) =>
        _api.SendAsync(
            Request(HttpMethod.Get, $"mypermissions?projectKey={Uri.EscapeDataString(_options.Project)}&permissions={string.Join(',', RequiredPermissions)}"),
            "GET mypermissions",
            JiraJsonContext.Default.JiraPermissions,
            cancellationToken);

    public Task<JiraCreatedIssue> CreateIssueAsync(JiraCreateIssueRequest issue, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Post, "issue");
        request.Content = JsonContent.Create(issue, JiraJsonContext.Default.JiraCreateIssueRequest);
        return _api.SendAsync(request, "POST issue", JiraJsonContext.Default.JiraCreatedIssue, cancellationToken);
    }

    /// <summary>Reads an issue's status, project, changelog and request ID property; null when Jira has no such issue.</summary>
    public Task<JiraIssue?> GetIssueAsync(string issueId, CancellationToken cancellationToken) =>
        _api.FindAsync(
            Request(HttpMethod.Get, $"issue/{Uri.EscapeDataString(issueId)}?fields=status,project&expand=changelog&properties={RequestIdProperty}"),
            "GET issue",
            JiraJsonContext.Default.JiraIssue,
            cancellationToken);

    /// <summary>Reads an issue's status and the transitions available from it; null when Jira has no such issue.</summary>
    public Task<JiraIssue?> GetIssueTransitionsAsync(string issueId, CancellationToken cancellationToken) =>
        _api.FindAsync(
            Request(HttpMethod.Get, $"issue/{Uri.EscapeDataString(issueId)}?fields=status&expand=transitions"),
            "GET issue",
            JiraJsonContext.Default.JiraIssue,
            cancellationToken);

    public Task TransitionAsync(string issueId, string transitionId, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Post, $"issue/{Uri.EscapeDataString(issueId)}/transitions");
        request.Content = JsonContent.Create(new JiraTransitionRequest(new JiraIdRef(transitionId)), JiraJsonContext.Default.JiraTransitionRequest);
        return _api.SendAsync(request, "POST transitions", cancellationToken);
    }

    public Task<JiraComment> AddCommentAsync(string issueId, string body, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Post, $"issue/{Uri.EscapeDataString(issueId)}/comment");
        request.Content = JsonContent.Create(new JiraCommentRequest(body), JiraJsonContext.Default.JiraCommentRequest);
        return _api.SendAsync(request, "POST comment", JiraJsonContext.Default.JiraComment, cancellationToken);
    }

    /// <summary>One page of comments, newest first.</summary>
    public Task<JiraCommentPage> GetCommentsAsync(string issueId, int startAt, int maxResults, CancellationToken cancellationToken) =>
        _api.SendAsync(
            Request(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"issue/{Uri.EscapeDataString(issueId)}/comment?orderBy=-created&startAt={startAt}&maxResults={maxResults}")),
            "GET comment",
            JiraJsonContext.Default.JiraCommentPage,
            cancellationToken);

    private HttpRequestMessage Request(HttpMethod method, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(_options.ApiBase, relative));
        request.Headers.Authorization = _authorization;
        return request;
    }

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
}
