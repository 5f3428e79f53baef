using TeleportPlugins.Fakes;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TeleportPlugins.Adapters.Jira.Tests;

/// <summary>
/// A fake of Jira's REST API v2 (the calls the adapter makes), checking the method, path, auth header and body as
/// Jira does and answering with Jira's shapes and error envelope (<c>{"errorMessages":[],"errors":{}}</c>).
/// Reusable by an end-to-end harness: start it, point <c>[jira] url</c> at <see cref="BaseAddress"/>.
/// </summary>
public sealed partial class JiraApiFake : IAsyncDisposable
{
    private readonly FakeApiServer _server;
    private readonly Lock _gate = new();
    private readonly List<FakeJiraIssue> _issues = [];
    private int _nextIssue = 10000;
    private int _nextComment = 500;

    private JiraApiFake(FakeApiServer server, FakeJiraUser bot, string token, bool bearer, string project)
    {
        _server = server;
        Bot = bot;
        Token = token;
        Bearer = bearer;
        Project = project;
        MapRoutes();
    }

    /// <summary>The account the adapter authenticates as.</summary>
    public FakeJiraUser Bot { get; }

    /// <summary>The API token (Basic) or personal access token (Bearer) the fake accepts.</summary>
    public string Token { get; }

    /// <summary>Whether the fake expects a Data Center bearer token instead of Basic e-mail + token.</summary>
    public bool Bearer { get; }

    /// <summary>The one project the fake has.</summary>
    public string Project { get; }

    /// <summary>The workflow's statuses; every status can transition to every other one.</summary>
    public List<string> Workflow { get; } = ["To Do", "Pending", "Approved", "Denied", "Expired", "Promoted"];

    /// <summary>The permissions the bot has in the project.</summary>
    public HashSet<string> Granted { get; } = ["BROWSE_PROJECTS", "CREATE_ISSUES", "TRANSITION_ISSUES", "ADD_COMMENTS"];

    /// <summary>The fake's clock for comment and changelog times.</summary>
    public DateTimeOffset Now { get; set; } = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The base URL to configure as <c>[jira] url</c>.</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>The underlying server, for injected failures and recorded requests.</summary>
    public FakeApiServer Server => _server;

    /// <summary>The issues created, in order.</summary>
    public IReadOnlyList<FakeJiraIssue> Issues
    {
        get
        {
            lock (_gate)
            {
                return [.. _issues];
            }
        }
    }

    /// <summary>Starts the fake.</summary>
    /// <param name="token">The token it accepts.</param>
    /// <param name="bearer">Data Center bearer auth instead of Cloud Basic auth.</param>
    /// <param name="project">The project key.</param>
    /// <returns>The running fake.</returns>
    public static async Task<JiraApiFake> StartAsync(string token = "jira-token-s3cr3t", bool bearer = false, string project = "PROJ") =>
        new(await FakeApiServer.StartAsync(), new FakeJiraUser("5b10a2844c20165700ede21g", "bot@example.com", "Teleport Bot"), token, bearer, project);

    /// <summary>The issue with this ID or key.</summary>
    /// <param name="idOrKey">The ID or key.</param>
    /// <returns>The issue.</returns>
    public FakeJiraIssue Issue(string idOrKey) => Find(idOrKey) ?? throw new KeyNotFoundException(idOrKey);

    /// <summary>A user moves an issue to a status in Jira's UI (recorded in the changelog).</summary>
    /// <param name="idOrKey">The issue.</param>
    /// <param name="status">The new status.</param>
    /// <param name="user">Who.</param>
    public void Transition(string idOrKey, string status, FakeJiraUser user)
    {
        lock (_gate)
        {
            var issue = Issue(idOrKey);
            issue.StatusChanges.Add((user, issue.Status, status, Now));
            issue.Status = status;
        }
    }

    /// <summary>A user comments in Jira's UI.</summary>
    /// <param name="idOrKey">The issue.</param>
    /// <param name="user">Who.</param>
    /// <param name="body">The text.</param>
    public void Comment(string idOrKey, FakeJiraUser user, string body)
    {
        lock (_gate)
        {
            Issue(idOrKey).Comments.Add(new FakeJiraComment((_nextComment++).ToString(CultureInfo.InvariantCulture), user, body, Now));
            Now = Now.AddSeconds(1);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static FakeResponse Error(int status, string message, JsonObject? fields = null) =>
        new(status, new JsonObject { ["errorMessages"] = message.Length == 0 ? new JsonArray() : new JsonArray(message), ["errors"] = fields ?? [] }.ToJsonString());

    private static FakeResponse Json(JsonNode body, int status = 200) => new(status, body.ToJsonString());

    private static JsonObject User(FakeJiraUser user) => new()
    {
        ["accountId"] = user.AccountId,
        ["emailAddress"] = user.Email,
        ["displayName"] = user.DisplayName,
        ["active"] = true,
    };

    private static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+0000";

    private static Dictionary<string, string> Query(FakeRequest request) =>
        request.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty, StringComparer.Ordinal);

    private FakeJiraIssue? Find(string idOrKey)
    {
        lock (_gate)
        {
            return _issues.FirstOrDefault(i => i.Id == idOrKey || i.Key == idOrKey);
        }
    }

    private bool Authorized(FakeRequest request)
    {
        var expected = Bearer
            ? new AuthenticationHeaderValue("Bearer", Token).ToString()
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Bot.Email}:{Token}"))).ToString();
        return request.Header("Authorization") == expected;
    }

    private void Route(string method, Regex path, Func<FakeRequest, Match, FakeResponse> handler, bool jsonBody = false) =>
        _server.Map(method, p => path.IsMatch(p), request =>
        {
            if (!Authorized(request))
            {
                // Jira Cloud answers a bad token with 401 and this envelope.
                return Error(401, "You are not authenticated. Authentication required to perform this operation.");
            }

            if (jsonBody && request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
            {
                return Error(415, "Unsupported Media Type");
            }

            if (jsonBody)
            {
                try
                {
                    _ = JsonNode.Parse(request.Body);
                }
                catch (JsonException)
                {
                    return Error(400, "Unexpected character in the request body.");
                }
            }

            lock (_gate)
            {
                return handler(request, path.Match(request.Path));
            }
        });

    private void MapRoutes()
    {
        Route("GET", MyselfPath(), (_, _) => Json(User(Bot)));
        Route("GET", ProjectPath(), (_, match) => match.Groups["key"].Value == Project
            ? Json(new JsonObject { ["id"] = "10000", ["key"] = Project, ["name"] = "Project" })
            : Error(404, $"No project could be found with key '{match.Groups["key"].Value}'."));
        Route("GET", MyPermissionsPath(), (request, _) => MyPermissions(request));
        Route("POST", IssuesPath(), (request, _) => CreateIssue(request), jsonBody: true);
        Route("GET", IssuePath(), (request, match) => GetIssue(request, match.Groups["id"].Value));
        Route("POST", TransitionsPath(), (request, match) => PostTransition(request, match.Groups["id"].Value), jsonBody: true);
        Route("POST", CommentsPath(), (request, match) => PostComment(request, match.Groups["id"].Value), jsonBody: true);
        Route("GET", CommentsPath(), (request, match) => GetComments(request, match.Groups["id"].Value));
    }

    private FakeResponse MyPermissions(FakeRequest request)
    {
        var query = Query(request);
        if (!query.TryGetValue("permissions", out var names) || names.Length == 0)
        {
            return Error(400, "The permissions query parameter is required.");
        }

        if (query.GetValueOrDefault("projectKey") != Project)
        {
            return Error(404, "No project could be found.");
        }

        var permissions = new JsonObject();
        foreach (var name in names.Split(','))
        {
            permissions[name] = new JsonObject { ["key"] = name, ["name"] = name, ["type"] = "PROJECT", ["havePermission"] = Granted.Contains(name) };
        }

        return Json(new JsonObject { ["permissions"] = permissions });
    }

    private FakeResponse CreateIssue(FakeRequest request)
    {
        var body = JsonNode.Parse(request.Body)!.AsObject();
        var fields = body["fields"] as JsonObject;
        var errors = new JsonObject();
        var project = fields?["project"]?["key"]?.GetValue<string>();
        var issueType = fields?["issuetype"]?["name"]?.GetValue<string>();
        var summary = fields?["summary"]?.GetValue<string>();
        var description = fields?["description"]?.GetValue<string>() ?? string.Empty;
        if (project != Project)
        {
            errors["project"] = "valid project is required";
        }

        if (issueType is not ("Task" or "Story" or "Bug"))
        {
            errors["issuetype"] = "Specify a valid issue type";
        }

        if (string.IsNullOrEmpty(summary))
        {
            errors["summary"] = "You must specify a summary of the issue.";
        }
        else if (summary.Length > 255)
        {
            errors["summary"] = "Summary must be less than 255 characters.";
        }

        if (errors.Count > 0)
        {
            return Error(400, string.Empty, errors);
        }

        var id = (_nextIssue++).ToString(CultureInfo.InvariantCulture);
        var issue = new FakeJiraIssue
        {
            Id = id,
            Key = $"{Project}-{_issues.Count + 1}",
            Project = project!,
            IssueType = issueType!,
            Summary = summary!,
            Description = description,
        };
        foreach (var property in body["properties"]?.AsArray() ?? [])
        {
            issue.Properties[property!["key"]!.GetValue<string>()] = property["value"]!.ToJsonString();
        }

        _issues.Add(issue);
        return Json(new JsonObject { ["id"] = issue.Id, ["key"] = issue.Key, ["self"] = $"{BaseAddress}rest/api/2/issue/{issue.Id}" }, 201);
    }

    private FakeResponse GetIssue(FakeRequest request, string idOrKey)
    {
        if (Find(idOrKey) is not { } issue)
        {
            return Error(404, "Issue does not exist or you do not have permission to see it.");
        }

        var query = Query(request);
        var expand = query.GetValueOrDefault("expand", string.Empty).Split(',');
        var fields = new JsonObject
        {
            ["status"] = new JsonObject { ["id"] = (Workflow.IndexOf(issue.Status) + 1).ToString(CultureInfo.InvariantCulture), ["name"] = issue.Status },
            ["project"] = new JsonObject { ["id"] = "10000", ["key"] = issue.Project },
        };
        var answer = new JsonObject { ["id"] = issue.Id, ["key"] = issue.Key, ["fields"] = fields };
        if (expand.Contains("changelog"))
        {
            var histories = new JsonArray();
            var n = 0;
            foreach (var change in issue.StatusChanges)
            {
                histories.Add(new JsonObject
                {
                    ["id"] = (++n).ToString(CultureInfo.InvariantCulture),
                    ["author"] = User(change.Author),
                    ["created"] = Time(change.Created),
                    ["items"] = new JsonArray(new JsonObject
                    {
                        ["field"] = "status",
                        ["fieldtype"] = "jira",
                        ["fieldId"] = "status",
                        ["fromString"] = change.From,
                        ["toString"] = change.To,
                    }),
                });
            }

            answer["changelog"] = new JsonObject { ["startAt"] = 0, ["maxResults"] = histories.Count, ["total"] = histories.Count, ["histories"] = histories };
        }

        if (expand.Contains("transitions"))
        {
            answer["transitions"] = Transitions(issue);
        }

        if (query.TryGetValue("properties", out var wanted))
        {
            var properties = new JsonObject();
            foreach (var key in wanted.Split(','))
            {
                if (issue.Properties.TryGetValue(key, out var value))
                {
                    properties[key] = JsonNode.Parse(value);
                }
            }

            answer["properties"] = properties;
        }

        return Json(answer);
    }

    private JsonArray Transitions(FakeJiraIssue issue) =>
        [.. Workflow.Where(s => s != issue.Status).Select(s => (JsonNode)new JsonObject
        {
            ["id"] = (Workflow.IndexOf(s) + 11).ToString(CultureInfo.InvariantCulture),
            ["name"] = $"Move to {s}",
            ["to"] = new JsonObject { ["id"] = (Workflow.IndexOf(s) + 1).ToString(CultureInfo.InvariantCulture), ["name"] = s },
        })];

    private FakeResponse PostTransition(FakeRequest request, string idOrKey)
    {
        if (Find(idOrKey) is not { } issue)
        {
            return Error(404, "Issue does not exist or you do not have permission to see it.");
        }

        var id = JsonNode.Parse(request.Body)?["transition"]?["id"]?.GetValue<string>();
        var target = Transitions(issue).FirstOrDefault(t => t!["id"]!.GetValue<string>() == id);
        if (target is null)
        {
            return Error(400, $"Transition id '{id}' is not valid for this issue.");
        }

        issue.StatusChanges.Add((Bot, issue.Status, target["to"]!["name"]!.GetValue<string>(), Now));
        issue.Status = target["to"]!["name"]!.GetValue<string>();
        // Jira answers 204 with no body. The connection is closed after it because the next request on a kept-alive
        // connection after a bodiless 204 from the Kestrel-based fake intermittently saw "response ended prematurely".
        return new FakeResponse(204, string.Empty, ContentType: null!, new Dictionary<string, string> { ["Connection"] = "close" });
    }

    private FakeResponse PostComment(FakeRequest request, string idOrKey)
    {
        if (Find(idOrKey) is not { } issue)
        {
            return Error(404, "Issue does not exist or you do not have permission to see it.");
        }

        var body = JsonNode.Parse(request.Body)?["body"]?.GetValue<string>();
        if (string.IsNullOrEmpty(body))
        {
            return Error(400, string.Empty, new JsonObject { ["comment"] = "Comment body can not be empty!" });
        }

        var comment = new FakeJiraComment((_nextComment++).ToString(CultureInfo.InvariantCulture), Bot, body, Now);
        issue.Comments.Add(comment);
        return Json(CommentJson(comment), 201);
    }

    private FakeResponse GetComments(FakeRequest request, string idOrKey)
    {
        if (Find(idOrKey) is not { } issue)
        {
            return Error(404, "Issue does not exist or you do not have permission to see it.");
        }

        var query = Query(request);
        var startAt = int.Parse(query.GetValueOrDefault("startAt", "0"), CultureInfo.InvariantCulture);
        var maxResults = int.Parse(query.GetValueOrDefault("maxResults", "50"), CultureInfo.InvariantCulture);
        var ordered = query.GetValueOrDefault("orderBy") == "-created"
            ? issue.Comments.AsEnumerable().Reverse()
            : issue.Comments;
        var page = ordered.Skip(startAt).Take(maxResults).Select(c => (JsonNode)CommentJson(c)).ToArray();
        return Json(new JsonObject { ["startAt"] = startAt, ["maxResults"] = maxResults, ["total"] = issue.Comments.Count, ["comments"] = new JsonArray(page) });
    }

    private static JsonObject CommentJson(FakeJiraComment comment) => new()
    {
        ["id"] = comment.Id,
        ["author"] = User(comment.Author),
        ["body"] = comment.Body,
        ["created"] = Time(comment.Created),
    };

    [GeneratedRegex("^/rest/api/2/myself$")]
    private static partial Regex MyselfPath();

    [GeneratedRegex("^/rest/api/2/project/(?<key>[^/]+)$")]
    private static partial Regex ProjectPath();

    [GeneratedRegex("^/rest/api/2/mypermissions$")]
    private static partial Regex MyPermissionsPath();

    [GeneratedRegex("^/rest/api/2/issue$")]
    private static partial Regex IssuesPath();

    [GeneratedRegex("^/rest/api/2/issue/(?<id>[^/]+)$")]
    private static partial Regex IssuePath();

    [GeneratedRegex("^/rest/api/2/issue/(?<id>[^/]+)/transitions$")]
    private static partial Regex TransitionsPath();

    [GeneratedRegex("^/rest/api/2/issue/(?<id>[^/]+)/comment$")]
    private static partial Regex CommentsPath();
}
