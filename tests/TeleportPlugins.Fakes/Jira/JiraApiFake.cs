using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TeleportPlugins.Fakes.Jira;

/// <summary>
/// A fake of Jira's REST API v2 (the calls the adapter makes), checking the method, path, auth header and body as
/// Jira does and answering with Jira's shapes and error envelope (<c>{"errorMessages":[],"errors":{}}</c>). One
/// account and the project <see cref="Project"/>, plus any added with <see cref="AddProject"/> (issue keys count per
/// project, as Jira's do); every status of <see cref="Workflow"/> can transition to every other one. Jira has no
/// idempotency key, so a repeated create is a second issue, as in Jira. JQL search finds issues by project and label:
/// Cloud's <c>search/jql</c> (the older <c>search</c> answers 410 Gone there) or, when the fake models Data Center
/// (bearer auth), the older <c>search</c> (and <c>search/jql</c> is not found). Shared by the adapter tests, the end-to-end
/// tests and the load tool: start it, point <c>[jira] url</c> at <see cref="BaseAddress"/>.
/// </summary>
public sealed partial class JiraApiFake : IAsyncDisposable
{
    private const string Api = "/rest/api/2/";

    // Jira numbers transitions apart from statuses; the transition to Workflow[i] has this ID plus i.
    private const int FirstTransitionId = 11;

    private static readonly PathTemplate ProjectPath = new(Api + "project/{id}");
    private static readonly PathTemplate IssuePath = new(Api + "issue/{id}");
    private static readonly PathTemplate TransitionsPath = new(Api + "issue/{id}/transitions");
    private static readonly PathTemplate CommentPath = new(Api + "issue/{id}/comment");

    private readonly Lock _gate = new();
    private readonly List<FakeJiraIssue> _issues = [];
    private readonly Dictionary<string, FakeJiraIssue> _byIdOrKey = new(StringComparer.Ordinal);

    // Each project's key and how many issues it has, for the next key (PROJ-1, PROJ-2, ...).
    private readonly Dictionary<string, int> _projects = new(StringComparer.Ordinal);

    // Jira's search index by label, so a lookup never scans every issue of a load run; issues in creation order.
    private readonly Dictionary<string, List<FakeJiraIssue>> _byLabel = new(StringComparer.Ordinal);
    private volatile DestinationRateLimit? _issueWrites;
    private TimeProvider _writeClock = TimeProvider.System;
    private int _nextIssue = 10000;
    private int _nextComment = 500;

    private JiraApiFake(FakeApiServer server, FakeJiraUser bot, string token, bool bearer, string project)
    {
        Server = server;
        Bot = bot;
        Token = token;
        Bearer = bearer;
        Project = project;
        _projects[project] = 0;
        MapRoutes();
    }

    /// <summary>The account the adapter authenticates as.</summary>
    public FakeJiraUser Bot { get; }

    /// <summary>The API token (Basic) or personal access token (Bearer) the fake accepts.</summary>
    public string Token { get; }

    /// <summary>Whether the fake expects a Data Center bearer token instead of Basic e-mail + token.</summary>
    public bool Bearer { get; }

    /// <summary>The fake's first project; <see cref="AddProject"/> adds others.</summary>
    public string Project { get; }

    /// <summary>The workflow's statuses, the initial one first; every status can transition to every other one.</summary>
    public List<string> Workflow { get; } = ["To Do", "Pending", "Approved", "Denied", "Expired", "Promoted"];

    /// <summary>The permissions the bot has in the project.</summary>
    public HashSet<string> Granted { get; } = ["BROWSE_PROJECTS", "CREATE_ISSUES", "TRANSITION_ISSUES", "ADD_COMMENTS"];

    /// <summary>The fake's clock for comment and changelog times.</summary>
    public DateTimeOffset Now { get; set; } = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The base URL to configure as <c>[jira] url</c>.</summary>
    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>The underlying server, for injected failures, recorded requests and counters.</summary>
    public FakeApiServer Server { get; }

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
    /// <param name="options">Recording (tests, the default) or counted (load runs), and the faults.</param>
    /// <param name="token">The token it accepts.</param>
    /// <param name="bearer">Data Center bearer auth instead of Cloud Basic auth.</param>
    /// <param name="project">The project key.</param>
    /// <returns>The running fake.</returns>
    public static async Task<JiraApiFake> StartAsync(FakeServerOptions? options = null, string token = "jira-token-s3cr3t", bool bearer = false, string project = "PROJ") =>
        new(await FakeApiServer.StartAsync(options), new FakeJiraUser("5b10a2844c20165700ede21g", "bot@example.com", "Teleport Bot"), token, bearer, project);

    /// <summary>
    /// Enforces Jira Cloud's per-issue write limit (<c>RateLimit-Reason: jira-per-issue-on-write</c>): at most
    /// <paramref name="permits"/> comments and transitions on one issue per <paramref name="window"/>; a write over
    /// it gets 429 with <c>Retry-After</c> and <c>X-RateLimit-Reset</c> and changes nothing.
    /// </summary>
    /// <param name="permits">Writes allowed on one issue in a window.</param>
    /// <param name="window">The window.</param>
    /// <param name="time">The clock the window runs on (a test's fake clock); the system's when null.</param>
    public void LimitWritesPerIssue(int permits, TimeSpan window, TimeProvider? time = null)
    {
        _writeClock = time ?? TimeProvider.System;
        var limit = new DestinationRateLimit(_writeClock);
        limit.Enable(permits, window);
        _issueWrites = limit;
    }

    /// <summary>Adds a project the bot may use (it has the same <see cref="Granted"/> permissions in every project).</summary>
    /// <param name="key">The project key, upper-case as Jira makes it.</param>
    public void AddProject(string key)
    {
        lock (_gate)
        {
            _projects.TryAdd(key, 0);
        }
    }

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
            Move(Issue(idOrKey), status, user);
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
            AddComment(Issue(idOrKey), user, body);
            Now = Now.AddSeconds(1);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static FakeResponse Error(int status, string message, JsonObject? fields = null) =>
        new(status, new JsonObject { ["errorMessages"] = message.Length == 0 ? new JsonArray() : new JsonArray(message), ["errors"] = fields ?? [] }.ToJsonString());

    private static FakeResponse NoSuchIssue() => Error(404, "Issue does not exist or you do not have permission to see it.");

    private static FakeResponse Json(CallKind kind, JsonNode body, int status = 200) => new(status, body.ToJsonString()) { Kind = kind };

    private static JsonObject User(FakeJiraUser user) => new()
    {
        ["accountId"] = user.AccountId,
        ["emailAddress"] = user.Email,
        ["displayName"] = user.DisplayName,
        ["active"] = true,
    };

    private static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+0000";

    private static string[] ListIn(FakeRequest request, string name) =>
        request.QueryValue(name)?.Split(',') ?? [];

    private static JsonObject CommentJson(FakeJiraComment comment) => new()
    {
        ["id"] = comment.Id,
        ["author"] = User(comment.Author),
        ["body"] = comment.Body,
        ["created"] = Time(comment.Created),
    };

    // Jira checks the media type before it reads the body, and answers an unreadable body before any field check.
    private static Func<FakeRequest, string, FakeResponse> WithJson(Func<FakeRequest, string, JsonNode, FakeResponse> handler) => (request, id) =>
    {
        if (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return Error(415, "Unsupported Media Type");
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(request.Body);
        }
        catch (JsonException)
        {
            body = null;
        }

        return body is null ? Error(400, "Unexpected character in the request body.") : handler(request, id, body);
    };

    private FakeJiraIssue? Find(string idOrKey)
    {
        lock (_gate)
        {
            return _byIdOrKey.GetValueOrDefault(idOrKey);
        }
    }

    private void Move(FakeJiraIssue issue, string status, FakeJiraUser user)
    {
        issue.StatusChanges.Add((user, issue.Status, status, Now));
        issue.Status = status;
    }

    private FakeJiraComment AddComment(FakeJiraIssue issue, FakeJiraUser user, string body)
    {
        var comment = new FakeJiraComment((_nextComment++).ToString(CultureInfo.InvariantCulture), user, body, Now);
        issue.Comments.Add(comment);
        return comment;
    }

    private void MapRoutes()
    {
        var expected = Bearer
            ? new AuthenticationHeaderValue("Bearer", Token).ToString()
            : BasicAuthorization.Header(Bot.Email, Token);
        var routes = new AuthenticatedRoutes(
            Server,
            "Authorization",
            expected,
            Error(401, "You are not authenticated. Authentication required to perform this operation."));
        routes.Map("GET", Api + "myself", _ => Json(CallKind.Read, User(Bot)));
        routes.Map("GET", ProjectPath, GetProject);
        routes.Map("GET", Api + "mypermissions", GetMyPermissions);
        var create = WithJson((_, _, body) => CreateIssue(body));
        routes.Map("POST", Api + "issue", request => create(request, string.Empty));
        routes.Map("GET", IssuePath, GetIssue);
        routes.Map("POST", TransitionsPath, WithJson(PostTransition));
        routes.Map("POST", CommentPath, WithJson(PostComment));
        routes.Map("GET", CommentPath, GetComments);
        routes.Map("GET", Api + "search/jql", request => Bearer ? Error(404, "null for uri: " + request.Path) : Search(request, cloud: true));
        routes.Map("GET", Api + "search", request => Bearer
            ? Search(request, cloud: false)
            : Error(410, "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"));
    }

    private bool HasProject(string? key)
    {
        lock (_gate)
        {
            return key is not null && _projects.ContainsKey(key);
        }
    }

    private FakeResponse GetProject(FakeRequest request, string key) => HasProject(key)
        ? Json(CallKind.Read, new JsonObject { ["id"] = "10000", ["key"] = key, ["name"] = "Project " + key })
        : Error(404, $"No project could be found with key '{key}'.");

    private FakeResponse GetMyPermissions(FakeRequest request)
    {
        var names = ListIn(request, "permissions");
        if (names.Length == 0 || names[0].Length == 0)
        {
            return Error(400, "The permissions query parameter is required.");
        }

        if (!HasProject(request.QueryValue("projectKey")))
        {
            return Error(404, "No project could be found.");
        }

        var permissions = new JsonObject();
        foreach (var name in names)
        {
            permissions[name] = new JsonObject { ["key"] = name, ["name"] = name, ["type"] = "PROJECT", ["havePermission"] = Granted.Contains(name) };
        }

        return Json(CallKind.Read, new JsonObject { ["permissions"] = permissions });
    }

    private FakeResponse CreateIssue(JsonNode body)
    {
        var fields = body["fields"] as JsonObject;
        var errors = new JsonObject();
        var project = (fields?["project"]?["key"] as JsonValue)?.GetValue<string>();
        var issueType = (fields?["issuetype"]?["name"] as JsonValue)?.GetValue<string>();
        var summary = (fields?["summary"] as JsonValue)?.GetValue<string>();
        var description = (fields?["description"] as JsonValue)?.GetValue<string>() ?? string.Empty;
        if (!HasProject(project))
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

        var labels = new List<string>();
        foreach (var label in fields?["labels"] as JsonArray ?? [])
        {
            var text = (label as JsonValue)?.GetValue<string>() ?? string.Empty;
            if (text.Length == 0 || text.Any(char.IsWhiteSpace))
            {
                errors["labels"] = $"The label '{text}' contains spaces which is invalid.";
            }
            else if (text.Length > 255)
            {
                errors["labels"] = "The label must not exceed 255 characters.";
            }

            labels.Add(text);
        }

        if (errors.Count > 0)
        {
            return Error(400, string.Empty, errors);
        }

        FakeJiraIssue issue;
        lock (_gate)
        {
            issue = new FakeJiraIssue
            {
                Id = (_nextIssue++).ToString(CultureInfo.InvariantCulture),
                Key = string.Create(CultureInfo.InvariantCulture, $"{project}-{++_projects[project!]}"),
                Project = project!,
                IssueType = issueType!,
                Summary = summary!,
                Description = description,
                Status = Workflow[0],
                Created = Now,
            };
            foreach (var property in body["properties"] as JsonArray ?? [])
            {
                issue.Properties[property!["key"]!.GetValue<string>()] = property["value"]!.ToJsonString();
            }

            foreach (var label in labels.Distinct(StringComparer.Ordinal))
            {
                issue.Labels.Add(label);
                ref var tagged = ref CollectionsMarshal.GetValueRefOrAddDefault(_byLabel, label, out _);
                (tagged ??= []).Add(issue);
            }

            _issues.Add(issue);
            _byIdOrKey[issue.Id] = issue;
            _byIdOrKey[issue.Key] = issue;
        }

        return Json(CallKind.Root, new JsonObject { ["id"] = issue.Id, ["key"] = issue.Key, ["self"] = $"{BaseAddress}rest/api/2/issue/{issue.Id}" }, 201);
    }

    private FakeResponse GetIssue(FakeRequest request, string idOrKey)
    {
        if (Find(idOrKey) is not { } issue)
        {
            return NoSuchIssue();
        }

        var expand = ListIn(request, "expand");
        lock (_gate)
        {
            var fields = new JsonObject
            {
                ["status"] = new JsonObject { ["id"] = StatusId(issue.Status), ["name"] = issue.Status },
                ["project"] = new JsonObject { ["id"] = "10000", ["key"] = issue.Project },
            };
            var answer = new JsonObject { ["id"] = issue.Id, ["key"] = issue.Key, ["fields"] = fields };
            if (expand.Contains("changelog"))
            {
                answer["changelog"] = Changelog(issue);
            }

            if (expand.Contains("transitions"))
            {
                answer["transitions"] = Transitions(issue);
            }

            if (request.QueryValue("properties") is { } wanted)
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

            return Json(CallKind.Read, answer);
        }
    }

    private string StatusId(string status) => (Workflow.IndexOf(status) + 1).ToString(CultureInfo.InvariantCulture);

    private static JsonObject Changelog(FakeJiraIssue issue)
    {
        var histories = new JsonArray();
        foreach (var change in issue.StatusChanges)
        {
            histories.Add(new JsonObject
            {
                ["id"] = (histories.Count + 1).ToString(CultureInfo.InvariantCulture),
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

        return new JsonObject { ["startAt"] = 0, ["maxResults"] = histories.Count, ["total"] = histories.Count, ["histories"] = histories };
    }

    private JsonArray Transitions(FakeJiraIssue issue)
    {
        var transitions = new JsonArray();
        for (var to = 0; to < Workflow.Count; to++)
        {
            if (Workflow[to] != issue.Status)
            {
                transitions.Add(new JsonObject
                {
                    ["id"] = (FirstTransitionId + to).ToString(CultureInfo.InvariantCulture),
                    ["name"] = $"Move to {Workflow[to]}",
                    ["to"] = new JsonObject { ["id"] = (to + 1).ToString(CultureInfo.InvariantCulture), ["name"] = Workflow[to] },
                });
            }
        }

        return transitions;
    }

    // Refuses a write over the per-issue limit before it changes anything, as Jira Cloud answers it.
    private FakeResponse? WriteLimited(FakeJiraIssue issue)
    {
        if (_issueWrites?.Refuse(issue.Id) is not { } wait)
        {
            return null;
        }

        var reset = (_writeClock.GetUtcNow() + wait).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
        return FakeResponse.TooManyRequests(
            wait,
            new JsonObject { ["errorMessages"] = new JsonArray("Rate limit exceeded."), ["errors"] = new JsonObject() }.ToJsonString(),
            ("X-RateLimit-Reset", reset),
            ("RateLimit-Reason", "jira-per-issue-on-write"));
    }

    private FakeResponse PostTransition(FakeRequest request, string idOrKey, JsonNode body)
    {
        if (Find(idOrKey) is not { } issue)
        {
            return NoSuchIssue();
        }

        if (WriteLimited(issue) is { } limited)
        {
            return limited;
        }

        var id = (body["transition"]?["id"] as JsonValue)?.GetValue<string>();
        lock (_gate)
        {
            var to = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number - FirstTransitionId : -1;
            if (to < 0 || to >= Workflow.Count || Workflow[to] == issue.Status)
            {
                return Error(400, $"Transition id '{id}' is not valid for this issue.");
            }

            Move(issue, Workflow[to], Bot);
        }

        // Jira answers 204 with no body.
        return new FakeResponse(204) { Kind = CallKind.Update };
    }

    private FakeResponse PostComment(FakeRequest request, string idOrKey, JsonNode body)
    {
        if (Find(idOrKey) is not { } issue)
        {
            return NoSuchIssue();
        }

        if (WriteLimited(issue) is { } limited)
        {
            return limited;
        }

        if ((body["body"] as JsonValue)?.GetValue<string>() is not { Length: > 0 } text)
        {
            return Error(400, string.Empty, new JsonObject { ["comment"] = "Comment body can not be empty!" });
        }

        FakeJiraComment comment;
        lock (_gate)
        {
            comment = AddComment(issue, Bot, text);
        }

        // A review's comment and the resolution's go to the same endpoint; the load run counts them apart.
        return Json(NoteKinds.Of(text), CommentJson(comment), 201);
    }

    // The JQL the fake understands: one project and one label, oldest first; anything else is a JQL error, as Jira reports it.
    // Only that project's issues are found, whatever other project carries the label.
    private FakeResponse Search(FakeRequest request, bool cloud)
    {
        var jql = request.QueryValue("jql") ?? string.Empty;
        if (SearchJql().Match(jql) is not { Success: true } match)
        {
            return Error(400, $"Error in the JQL Query: the fake only understands 'project = \"KEY\" AND labels = \"label\" ORDER BY created ASC', not '{jql}'.");
        }

        var project = match.Groups["project"].Value;
        if (!HasProject(project))
        {
            return Error(400, $"The value '{match.Groups["project"].Value}' does not exist for the field 'project'.");
        }

        var maxResults = Math.Clamp(int.Parse(request.QueryValue("maxResults") ?? "50", CultureInfo.InvariantCulture), 1, 5000);

        // Cloud pages with an opaque token (here the next offset); Data Center with startAt.
        var token = cloud ? request.QueryValue("nextPageToken") : request.QueryValue("startAt");
        var startAt = token is null ? 0 : int.Parse(token, CultureInfo.InvariantCulture);
        lock (_gate)
        {
            var found = (_byLabel.GetValueOrDefault(match.Groups["label"].Value) ?? []).Where(i => i.Project == project).ToList();
            var page = new JsonArray([.. found.Skip(startAt).Take(maxResults).Select(i => (JsonNode)new JsonObject
            {
                ["id"] = i.Id,
                ["key"] = i.Key,
                ["self"] = $"{BaseAddress}rest/api/2/issue/{i.Id}",
                ["fields"] = new JsonObject { ["created"] = Time(i.Created) },
            })]);
            var next = startAt + page.Count;
            var answer = cloud
                ? new JsonObject { ["issues"] = page, ["isLast"] = next >= found.Count, ["nextPageToken"] = next >= found.Count ? null : next.ToString(CultureInfo.InvariantCulture) }
                : new JsonObject { ["startAt"] = startAt, ["maxResults"] = maxResults, ["total"] = found.Count, ["issues"] = page };
            return Json(CallKind.Read, answer);
        }
    }

    private FakeResponse GetComments(FakeRequest request, string idOrKey)
    {
        if (Find(idOrKey) is not { } issue)
        {
            return NoSuchIssue();
        }

        var startAt = int.Parse(request.QueryValue("startAt") ?? "0", CultureInfo.InvariantCulture);
        var maxResults = int.Parse(request.QueryValue("maxResults") ?? "50", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            var ordered = request.QueryValue("orderBy") == "-created" ? issue.Comments.AsEnumerable().Reverse() : issue.Comments;
            var page = ordered.Skip(startAt).Take(maxResults).Select(c => (JsonNode)CommentJson(c)).ToArray();
            return Json(CallKind.Read, new JsonObject { ["startAt"] = startAt, ["maxResults"] = maxResults, ["total"] = issue.Comments.Count, ["comments"] = new JsonArray(page) });
        }
    }

    [GeneratedRegex("""^project\s*=\s*"(?<project>[^"]+)"\s+AND\s+labels\s*=\s*"(?<label>[^"]+)"\s+ORDER\s+BY\s+created\s+ASC$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SearchJql();
}
