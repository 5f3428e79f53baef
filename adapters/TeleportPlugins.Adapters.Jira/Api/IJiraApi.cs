using Refit;

namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>
/// The Jira REST API v2 calls the adapter makes (Cloud and Data Center share them), relative to <c>{url}/rest/api/2</c>.
/// Credentials are added by the Authorization header given to RefitApi.Create; fixed query parameters are part of the paths.
/// </summary>
[Headers("Accept: application/json")]
internal interface IJiraApi
{
    [Get("/myself")]
    Task<JiraUser> GetMyselfAsync(CancellationToken cancellationToken);

    [Get("/project/{key}")]
    Task<JiraProject> GetProjectAsync(string key, CancellationToken cancellationToken);

    /// <summary>Whether the account holds the permissions the adapter needs in the project.</summary>
    [Get("/mypermissions?projectKey={projectKey}&permissions=" + JiraApiClient.Permissions)]
    Task<JiraPermissions> GetMyPermissionsAsync(string projectKey, CancellationToken cancellationToken);

    [Post("/issue")]
    Task<JiraCreatedIssue> CreateIssueAsync([Body] JiraCreateIssueRequest issue, CancellationToken cancellationToken);

    /// <summary>An issue's status, project, changelog and request ID property.</summary>
    [Get("/issue/{issueId}?fields=status,project&expand=changelog&properties=" + JiraApiClient.RequestIdProperty)]
    Task<JiraIssue> GetIssueAsync(string issueId, CancellationToken cancellationToken);

    /// <summary>An issue's status and the transitions available from it.</summary>
    [Get("/issue/{issueId}?fields=status&expand=transitions")]
    Task<JiraIssue> GetIssueTransitionsAsync(string issueId, CancellationToken cancellationToken);

    /// <summary>Jira answers 204 without a body.</summary>
    [Post("/issue/{issueId}/transitions")]
    Task TransitionAsync(string issueId, [Body] JiraTransitionRequest transition, CancellationToken cancellationToken);

    [Post("/issue/{issueId}/comment")]
    Task<JiraComment> AddCommentAsync(string issueId, [Body] JiraCommentRequest comment, CancellationToken cancellationToken);

    /// <summary>One page of comments, newest first.</summary>
    [Get("/issue/{issueId}/comment?orderBy=-created&startAt={startAt}&maxResults={maxResults}")]
    Task<JiraCommentPage> GetCommentsAsync(string issueId, int startAt, int maxResults, CancellationToken cancellationToken);

    /// <summary>Jira Cloud's JQL search (the older search answers 410 Gone there); IDs and keys, oldest first as the JQL orders.</summary>
    [Get("/search/jql?jql={jql}&fields=created&maxResults=1")]
    Task<JiraSearchResults> SearchJqlAsync(string jql, CancellationToken cancellationToken);

    /// <summary>Jira Data Center's JQL search (it has no search/jql).</summary>
    [Get("/search?jql={jql}&fields=created&maxResults=1")]
    Task<JiraSearchResults> SearchAsync(string jql, CancellationToken cancellationToken);
}
