using System.Collections.Concurrent;
using System.Globalization;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes.Jira;

/// <summary>
/// A lean Jira REST API v2 with one project: the start-up check (myself, project, mypermissions), issues created in the
/// workflow's initial status, comments, and transitions between the statuses Teleport's plugin expects. Basic auth
/// with one account; Jira's <c>{"errorMessages":[],"errors":{}}</c> envelope on refusals. Jira has no idempotency key:
/// the adapter relies on the host's state alone, so a repeated create is a second issue, as in Jira.
/// </summary>
internal sealed class JiraLoadTool : LeanLoadTool
{
    private const string Project = "LOAD";
    private const string User = "load-bot@example.com";
    private const string Token = "jira-load-token";
    private const string Api = "/rest/api/2/";

    // The transition to Statuses[i] has the ID FirstTransitionId + i, from every other status.
    private const int FirstTransitionId = 11;

    // The adapter moves new issues to Pending and resolved ones to Approved, Denied, Promoted or Expired.
    private static readonly string[] Statuses = ["To Do", "Pending", "Approved", "Denied", "Expired", "Promoted"];
    private static readonly object[][] TransitionsFrom = [.. Statuses.Select((_, from) => Transitions(from))];
    private static readonly string[] IssueTypes = ["Task", "Story", "Bug"];

    private static readonly PathTemplate ProjectPath = new(Api + "project/{id}");
    private static readonly PathTemplate IssuePath = new(Api + "issue/{id}");
    private static readonly PathTemplate TransitionsPath = new(Api + "issue/{id}/transitions");
    private static readonly PathTemplate CommentPath = new(Api + "issue/{id}/comment");

    // Issue ID to the index of its status in Statuses; IDs are numbers from 10001 on, as Jira's.
    private readonly ConcurrentDictionary<string, int> _statusOf = new(StringComparer.Ordinal);
    private long _lastIssue = 10000;
    private long _lastComment = 50000;

    /// <summary>Maps the API on a started fake.</summary>
    /// <param name="server">The fake, named after the adapter.</param>
    public JiraLoadTool(FakeApiServer server)
        : base("jira", server)
    {
        var routes = new AuthenticatedRoutes(
            server,
            "Authorization",
            BasicAuthorization.Header(User, Token),
            Error(401, "You are not authenticated. Authentication required to perform this operation."));
        routes.Map("GET", Api + "myself", _ => FakeResponse.JsonBody(CallKind.Read, new { accountId = "load-bot", emailAddress = User, displayName = "Load Bot", active = true }));
        routes.Map("GET", ProjectPath, GetProject);
        routes.Map("GET", Api + "mypermissions", GetMyPermissions);
        routes.Map("POST", Api + "issue", CreateIssue);
        routes.Map("GET", IssuePath, GetIssue);
        routes.Map("POST", TransitionsPath, Transition);
        routes.Map("POST", CommentPath, AddComment);
    }

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [jira]
        url = "{Server.BaseAddress}"
        auth = "basic"
        username = "{User}"
        api_token = "{Token}"
        project = "{Project}"
        issue_type = "Task"
        """;

    private static FakeResponse Error(int status, string message, Dictionary<string, string>? fields = null) =>
        FakeResponse.JsonBody(CallKind.Read, new { errorMessages = message.Length == 0 ? [] : new[] { message }, errors = fields ?? new Dictionary<string, string>() }, status);

    private static FakeResponse NoSuchIssue() => Error(404, "Issue does not exist or you do not have permission to see it.");

    private static string TransitionId(int to) => (FirstTransitionId + to).ToString(CultureInfo.InvariantCulture);

    private static object[] Transitions(int from) =>
        [.. Statuses.Select((name, to) => (name, to)).Where(s => s.to != from).Select(s => (object)new
        {
            id = TransitionId(s.to),
            name = $"Move to {s.name}",
            to = new { id = (s.to + 1).ToString(CultureInfo.InvariantCulture), name = s.name },
        })];

    private static FakeResponse GetProject(FakeRequest request, string key) =>
        key == Project
            ? FakeResponse.JsonBody(CallKind.Read, new { id = "10000", key = Project, name = "Load" })
            : Error(404, $"No project could be found with key '{key}'.");

    private static FakeResponse GetMyPermissions(FakeRequest request)
    {
        if (request.QueryValue("projectKey") != Project)
        {
            return Error(404, "No project could be found.");
        }

        if (request.QueryValue("permissions") is not { Length: > 0 } names)
        {
            return Error(400, "The permissions query parameter is required.");
        }

        var permissions = names.Split(',').ToDictionary(n => n, n => new { key = n, type = "PROJECT", havePermission = true }, StringComparer.Ordinal);
        return FakeResponse.JsonBody(CallKind.Read, new { permissions });
    }

    private FakeResponse CreateIssue(FakeRequest request)
    {
        using var json = FakeJson.ParseObject(request.Body);
        if (json is null)
        {
            return Error(400, "Unexpected character in the request body.");
        }

        var fields = FakeJson.Field(json.RootElement, "fields");
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (FakeJson.Text(FakeJson.Field(fields, "project"), "key") != Project)
        {
            errors["project"] = "valid project is required";
        }

        if (FakeJson.Text(FakeJson.Field(fields, "issuetype"), "name") is not { } type || !IssueTypes.Contains(type))
        {
            errors["issuetype"] = "Specify a valid issue type";
        }

        if (FakeJson.Text(fields, "summary") is not { Length: > 0 and < 255 })
        {
            errors["summary"] = "You must specify a summary of the issue (less than 255 characters).";
        }

        if (errors.Count > 0)
        {
            return Error(400, string.Empty, errors);
        }

        var number = Interlocked.Increment(ref _lastIssue);
        var id = number.ToString(CultureInfo.InvariantCulture);
        _statusOf[id] = 0;
        return FakeResponse.JsonBody(CallKind.Root, new { id, key = string.Create(CultureInfo.InvariantCulture, $"{Project}-{number - 10000}"), self = $"{Server.BaseAddress}rest/api/2/issue/{id}" }, 201);
    }

    private FakeResponse GetIssue(FakeRequest request, string id)
    {
        if (!_statusOf.TryGetValue(id, out var status))
        {
            return NoSuchIssue();
        }

        var fields = new { status = new { id = (status + 1).ToString(CultureInfo.InvariantCulture), name = Statuses[status] } };
        return request.QueryValue("expand")?.Contains("transitions", StringComparison.Ordinal) == true
            ? FakeResponse.JsonBody(CallKind.Read, new { id, fields, transitions = TransitionsFrom[status] })
            : FakeResponse.JsonBody(CallKind.Read, new { id, fields });
    }

    private FakeResponse Transition(FakeRequest request, string id)
    {
        if (!_statusOf.TryGetValue(id, out var status))
        {
            return NoSuchIssue();
        }

        using var json = FakeJson.ParseObject(request.Body);
        var transition = json is null ? null : FakeJson.Text(FakeJson.Field(json.RootElement, "transition"), "id");
        var to = int.TryParse(transition, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number - FirstTransitionId : -1;
        if (to < 0 || to >= Statuses.Length || to == status)
        {
            return Error(400, $"Transition id '{transition}' is not valid for this issue.");
        }

        _statusOf[id] = to;
        return new FakeResponse(204) { Kind = CallKind.Update };
    }

    private FakeResponse AddComment(FakeRequest request, string id)
    {
        if (!_statusOf.ContainsKey(id))
        {
            return NoSuchIssue();
        }

        using var json = FakeJson.ParseObject(request.Body);
        if ((json is null ? null : FakeJson.Text(json.RootElement, "body")) is not { Length: > 0 } body)
        {
            return Error(400, string.Empty, new Dictionary<string, string>(StringComparer.Ordinal) { ["comment"] = "Comment body can not be empty!" });
        }

        var comment = Interlocked.Increment(ref _lastComment).ToString(CultureInfo.InvariantCulture);
        return FakeResponse.JsonBody(NoteKinds.Of(body), new { id = comment, author = new { accountId = "load-bot", emailAddress = User }, body, created = "2026-11-21T12:00:00.000+0000" }, 201);
    }
}
