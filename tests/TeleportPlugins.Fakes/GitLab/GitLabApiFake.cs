using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TeleportPlugins.Fakes.GitLab;

/// <summary>
/// A fake of GitLab's REST API v4 for the project <see cref="ProjectId"/> (<c>group/project</c>) and any added with
/// <see cref="AddProject"/>, each addressed by its ID or its URL-encoded path: checks <c>PRIVATE-TOKEN</c>, methods, paths and bodies, and answers
/// with GitLab's shapes and errors (<c>{"message": ...}</c>, <c>{"error": ...}</c>). GitLab has no idempotency key, so
/// a repeated create is a second issue, as in GitLab. Labels named on an issue that the project lacks are created with
/// it, as GitLab does; the issues list filters by label from an index and pages like GitLab (<c>page</c>,
/// <c>per_page</c>, <c>X-Next-Page</c>, <c>X-Total</c>), and so does an issue's notes list. Shared by the adapter tests, the end-to-end tests and the load
/// tool: start it, point <c>[gitlab] url</c> at <see cref="BaseAddress"/>.
/// </summary>
public sealed partial class GitLabApiFake : IAsyncDisposable
{
    /// <summary>The bot account the token belongs to.</summary>
    public const long BotId = 77;

    private const string TooManyRequests = "This endpoint has been requested too many times. Try again later.";

    private readonly Lock _gate = new();

    // Every project's issues in creation order; global issue IDs grow with it.
    private readonly List<FakeGitLabIssue> _issues = [];
    private readonly List<FakeGitLabProject> _projects = [];
    private volatile DestinationRateLimit? _issueCreation;
    private TimeProvider _creationClock = TimeProvider.System;
    private long _lastNote = 100;

    private GitLabApiFake(FakeApiServer server, string token)
    {
        Server = server;
        Token = token;
        _projects.Add(new FakeGitLabProject { Id = ProjectId, Path = "group/project" });
        Map();
    }

    /// <summary>The token the fake accepts.</summary>
    public string Token { get; }

    /// <summary>The project's numeric ID.</summary>
    public long ProjectId { get; } = 1812345;

    /// <summary>The labels of project <see cref="ProjectId"/> (GitLab compares their names in any case).</summary>
    public HashSet<string> Labels => _projects[0].Labels;

    /// <summary>The fake's clock for issue and note times.</summary>
    public DateTimeOffset Now { get; set; } = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The underlying server, for injected failures, recorded requests and counters.</summary>
    public FakeApiServer Server { get; }

    /// <summary>The URL to configure as <c>[gitlab] url</c>.</summary>
    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>The issues, in creation order.</summary>
    public IReadOnlyList<FakeGitLabIssue> Issues
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
    /// <param name="token">The accepted token.</param>
    /// <returns>The fake.</returns>
    public static async Task<GitLabApiFake> StartAsync(FakeServerOptions? options = null, string token = "glpat-s3cr3t-token") =>
        new(await FakeApiServer.StartAsync(options), token);

    /// <summary>
    /// Enforces GitLab's issue creation rate limit, applied per project and per user: at most
    /// <paramref name="permits"/> issues per <paramref name="window"/> (GitLab's setting is per minute); a create over
    /// it gets 429 with <c>Retry-After</c>, the <c>RateLimit-*</c> headers and GitLab's message, and creates nothing.
    /// </summary>
    /// <param name="permits">Issues allowed in a window.</param>
    /// <param name="window">The window.</param>
    /// <param name="time">The clock the window runs on (a test's fake clock); the system's when null.</param>
    public void LimitIssueCreation(int permits, TimeSpan window, TimeProvider? time = null)
    {
        _creationClock = time ?? TimeProvider.System;
        var limit = new DestinationRateLimit(_creationClock);
        limit.Enable(permits, window);
        _issueCreation = limit;
    }

    /// <summary>Adds a project the token may use.</summary>
    /// <param name="id">Its numeric ID.</param>
    /// <param name="path">Its <c>namespace/project</c> path.</param>
    /// <returns>The project.</returns>
    public FakeGitLabProject AddProject(long id, string path)
    {
        var project = new FakeGitLabProject { Id = id, Path = path };
        lock (_gate)
        {
            _projects.Add(project);
        }

        return project;
    }

    /// <summary>A GitLab user adds a label in the UI, on an issue of project <see cref="ProjectId"/>.</summary>
    /// <param name="iid">The issue.</param>
    /// <param name="label">The label.</param>
    /// <param name="userId">The user's ID.</param>
    /// <param name="username">The user's name.</param>
    public void AddLabel(long iid, string label, long userId, string username) => AddLabel(ProjectId, iid, label, userId, username);

    /// <summary>A GitLab user adds a label in the UI.</summary>
    /// <param name="projectId">The issue's project.</param>
    /// <param name="iid">The issue.</param>
    /// <param name="label">The label.</param>
    /// <param name="userId">The user's ID.</param>
    /// <param name="username">The user's name.</param>
    public void AddLabel(long projectId, long iid, string label, long userId, string username)
    {
        lock (_gate)
        {
            var issue = _projects.Single(p => p.Id == projectId).Issues[(int)iid - 1];
            issue.Labels.Add(label);
            issue.LabelEvents.Add((userId, username, label, "add"));
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static FakeResponse Message(int status, JsonNode message) => new(status, new JsonObject { ["message"] = message }.ToJsonString());

    // What GitLab's parameter validation answers: a missing or invalid parameter.
    private static FakeResponse ParameterError(string error) => new(400, new JsonObject { ["error"] = error }.ToJsonString());

    private static FakeResponse NotFound() => Message(404, "404 Not found");

    private static FakeResponse Json(CallKind kind, JsonNode node, int status = 200) => new(status, node.ToJsonString()) { Kind = kind };

    private static string? Text(JsonObject body, string name) => (body[name] as JsonValue)?.GetValue<string>();

    // Labels travel as one comma-separated parameter.
    private static string[] LabelList(JsonObject body, string name) =>
        (Text(body, name) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private JsonObject IssueJson(FakeGitLabIssue issue) => new()
    {
        ["id"] = issue.Id,
        ["iid"] = issue.Iid,
        ["project_id"] = issue.ProjectId,
        ["title"] = issue.Title,
        ["description"] = issue.Description,
        ["state"] = issue.State,
        ["created_at"] = Time(issue.CreatedAt),
        ["labels"] = new JsonArray([.. issue.Labels.Select(l => (JsonNode)l)]),
        ["author"] = new JsonObject { ["id"] = issue.AuthorId, ["username"] = issue.AuthorId == BotId ? "teleport-bot" : "someone" },
        ["web_url"] = $"https://gitlab.example.com/{_projects.Single(p => p.Id == issue.ProjectId).Path}/-/issues/{issue.Iid}",
    };

    // Called under the gate. The API takes a project's ID or its path, URL-encoded into one segment (GitLab matches paths in any case).
    private FakeGitLabProject? ProjectOf(Match match)
    {
        var segment = Uri.UnescapeDataString(match.Groups["project"].Value);
        return _projects.FirstOrDefault(p => p.Id.ToString(CultureInfo.InvariantCulture) == segment || string.Equals(p.Path, segment, StringComparison.OrdinalIgnoreCase));
    }

    // The handler gets the request's project (the first one for paths that name none).
    private void Route(string method, Regex path, Func<FakeRequest, Match, FakeGitLabProject, FakeResponse> handler) =>
        Server.Map(method, p => path.IsMatch(p), request =>
        {
            if (request.Header("PRIVATE-TOKEN") != Token)
            {
                return Message(401, "401 Unauthorized");
            }

            var match = path.Match(request.Path);
            lock (_gate)
            {
                var project = match.Groups["project"].Success ? ProjectOf(match) : _projects[0];
                return project is null ? Message(404, "404 Project Not Found") : handler(request, match, project);
            }
        });

    private void RouteJson(string method, Regex path, Func<JsonObject, Match, FakeGitLabProject, FakeResponse> handler) =>
        Route(method, path, (request, match, project) =>
        {
            if (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
            {
                return ParameterError("body is not a JSON object");
            }

            try
            {
                return JsonNode.Parse(request.Body) is JsonObject body ? handler(body, match, project) : ParameterError("body is not a JSON object");
            }
            catch (JsonException)
            {
                return ParameterError("body is not valid JSON");
            }
        });

    // Called under the gate.
    private static FakeGitLabIssue? Find(Match match, FakeGitLabProject project) =>
        long.TryParse(match.Groups["iid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var iid) && iid >= 1 && iid <= project.Issues.Count
            ? project.Issues[(int)iid - 1]
            : null;

    private void Map()
    {
        Route("GET", UserPath(), (_, _, _) => Json(CallKind.Read, new JsonObject { ["id"] = BotId, ["username"] = "teleport-bot", ["name"] = "Teleport Bot" }));
        Route("GET", ProjectPath(), (_, _, project) => Json(CallKind.Read, new JsonObject { ["id"] = project.Id, ["path_with_namespace"] = project.Path }));
        Route("GET", LabelsPath(), (request, _, project) => SearchLabels(project, request.QueryValue("search") ?? string.Empty));
        RouteJson("POST", LabelsPath(), (body, _, project) => CreateLabel(project, body));
        RouteJson("POST", IssuesPath(), (body, _, project) => CreateIssue(project, body));
        Route("GET", IssuesPath(), (request, _, project) => ListIssues(project, request));
        Route("GET", NotesPath(), (request, match, project) => Find(match, project) is { } issue ? ListNotes(request, issue) : NotFound());
        Route("GET", IssuePath(), (_, match, project) => Find(match, project) is { } issue ? Json(CallKind.Read, IssueJson(issue)) : NotFound());
        RouteJson("PUT", IssuePath(), UpdateIssue);
        RouteJson("POST", NotesPath(), AddNote);
        Route("GET", LabelEventsPath(), (_, match, project) => Find(match, project) is { } issue ? Json(CallKind.Read, LabelEvents(issue)) : NotFound());
    }

    private static FakeResponse SearchLabels(FakeGitLabProject project, string search) =>
        Json(CallKind.Read, new JsonArray([.. project.Labels.Where(l => l.Contains(search, StringComparison.OrdinalIgnoreCase)).Select((l, i) => (JsonNode)new JsonObject { ["id"] = i + 1, ["name"] = l, ["color"] = "#428BCA" })]));

    // Part of the adapter's start-up check (it makes sure the status labels exist), so counted as a read.
    private static FakeResponse CreateLabel(FakeGitLabProject project, JsonObject body)
    {
        if (Text(body, "name") is not { Length: > 0 } name)
        {
            return ParameterError("name is missing");
        }

        if (Text(body, "color") is not { } color || !ColorPattern().IsMatch(color))
        {
            return Message(400, new JsonObject { ["color"] = new JsonArray("must be a valid color code") });
        }

        if (!project.Labels.Add(name))
        {
            return Message(409, "Label already exists");
        }

        return Json(CallKind.Read, new JsonObject { ["id"] = project.Labels.Count, ["name"] = name, ["color"] = color, ["description"] = Text(body, "description") }, 201);
    }

    private FakeResponse CreateIssue(FakeGitLabProject project, JsonObject body)
    {
        if (Text(body, "title") is not { Length: > 0 } title)
        {
            return ParameterError("title is missing");
        }

        if (_issueCreation?.Refuse(string.Create(CultureInfo.InvariantCulture, $"{project.Id}:{Token}")) is { } wait)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            return FakeResponse.TooManyRequests(
                wait,
                new JsonObject { ["message"] = new JsonObject { ["error"] = TooManyRequests } }.ToJsonString(),
                ("RateLimit-Remaining", "0"),
                ("RateLimit-Reset", (_creationClock.GetUtcNow().ToUnixTimeSeconds() + seconds).ToString(CultureInfo.InvariantCulture)));
        }

        var issue = new FakeGitLabIssue
        {
            Id = 9000 + _issues.Count,
            ProjectId = project.Id,
            Iid = project.Issues.Count + 1,
            AuthorId = BotId,
            Title = title,
            Description = Text(body, "description") ?? string.Empty,
            CreatedAt = Now,
        };
        foreach (var label in LabelList(body, "labels").Distinct(StringComparer.OrdinalIgnoreCase))
        {
            AddLabelTo(project, issue, label);
        }

        _issues.Add(issue);
        project.Issues.Add(issue);
        return Json(CallKind.Root, IssueJson(issue), 201);
    }

    private FakeResponse UpdateIssue(JsonObject body, Match match, FakeGitLabProject project)
    {
        if (Find(match, project) is not { } issue)
        {
            return NotFound();
        }

        var state = Text(body, "state_event") switch
        {
            "close" => "closed",
            "reopen" => "opened",
            null => issue.State,
            _ => null,
        };
        if (state is null)
        {
            return ParameterError("state_event does not have a valid value");
        }

        // Only changes are recorded: removing a label the issue lacks or adding one it has is no event in GitLab.
        issue.State = state;
        foreach (var label in LabelList(body, "remove_labels"))
        {
            if (issue.Labels.Remove(label))
            {
                project.ByLabel.GetValueOrDefault(label)?.Remove(issue);
                issue.LabelEvents.Add((BotId, "teleport-bot", label, "remove"));
            }
        }

        foreach (var label in LabelList(body, "add_labels"))
        {
            if (AddLabelTo(project, issue, label))
            {
                issue.LabelEvents.Add((BotId, "teleport-bot", label, "add"));
            }
        }

        return Json(CallKind.Update, IssueJson(issue));
    }

    private FakeResponse AddNote(JsonObject body, Match match, FakeGitLabProject project)
    {
        if (Find(match, project) is not { } issue)
        {
            return NotFound();
        }

        if (Text(body, "body") is not { Length: > 0 } text)
        {
            return ParameterError("body is missing");
        }

        issue.Notes.Add(text);
        issue.NoteStamps.Add((++_lastNote, Now));

        // A review's note and the resolution's go to the same endpoint; the load run counts them apart.
        return Json(NoteKinds.Of(text), NoteJson(issue, issue.Notes.Count - 1), 201);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonObject NoteJson(FakeGitLabIssue issue, int index) => new()
    {
        ["id"] = issue.NoteStamps[index].Id,
        ["body"] = issue.Notes[index],
        ["author"] = new JsonObject { ["id"] = BotId, ["username"] = "teleport-bot" },
        ["created_at"] = Time(issue.NoteStamps[index].CreatedAt),
        ["system"] = false,
        ["noteable_type"] = "Issue",
        ["noteable_iid"] = issue.Iid,
        ["internal"] = false,
    };

    // GitLab's offset pagination: page from 1, per_page 20 by default and at most 100, the page headers on every answer.
    private static FakeResponse Page(IReadOnlyList<JsonNode> items, FakeRequest request)
    {
        var perPage = Math.Clamp(int.TryParse(request.QueryValue("per_page"), CultureInfo.InvariantCulture, out var p) ? p : 20, 1, 100);
        var page = Math.Max(1, int.TryParse(request.QueryValue("page"), CultureInfo.InvariantCulture, out var n) ? n : 1);
        var slice = items.Skip((page - 1) * perPage).Take(perPage).Select(i => i.DeepClone()).ToArray();
        var pages = Math.Max(1, (items.Count + perPage - 1) / perPage);
        return new FakeResponse(200, new JsonArray(slice).ToJsonString(), Headers: new Dictionary<string, string>
        {
            ["X-Page"] = page.ToString(CultureInfo.InvariantCulture),
            ["X-Per-Page"] = perPage.ToString(CultureInfo.InvariantCulture),
            ["X-Next-Page"] = page < pages ? (page + 1).ToString(CultureInfo.InvariantCulture) : string.Empty,
            ["X-Total"] = items.Count.ToString(CultureInfo.InvariantCulture),
            ["X-Total-Pages"] = pages.ToString(CultureInfo.InvariantCulture),
        });
    }

    // Called under the gate. Creates the project label when the project lacks it, as GitLab does for labels named on an issue.
    private static bool AddLabelTo(FakeGitLabProject project, FakeGitLabIssue issue, string label)
    {
        if (issue.Labels.Contains(label, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        project.Labels.Add(label);
        issue.Labels.Add(label);
        ref var tagged = ref CollectionsMarshal.GetValueRefOrAddDefault(project.ByLabel, label, out _);
        (tagged ??= []).Add(issue);
        return true;
    }

    // The issues list: all named labels (comma-separated) must be on an issue; state opened, closed or all (the default).
    private FakeResponse ListIssues(FakeGitLabProject project, FakeRequest request)
    {
        var labels = (request.QueryValue("labels") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var state = request.QueryValue("state") ?? "all";
        if (state is not ("opened" or "closed" or "all"))
        {
            return ParameterError("state does not have a valid value");
        }

        if (request.QueryValue("order_by") is { } orderBy && orderBy != "created_at")
        {
            return ParameterError("order_by does not have a valid value");
        }

        IEnumerable<FakeGitLabIssue> found = labels.Length == 0 ? project.Issues : project.ByLabel.GetValueOrDefault(labels[0]) ?? [];
        found = found.Where(i => labels.Skip(1).All(l => i.Labels.Contains(l, StringComparer.OrdinalIgnoreCase)) && (state == "all" || i.State == state));

        // Issue IDs grow with creation time.
        found = request.QueryValue("sort") == "asc" ? found.OrderBy(i => i.Id) : found.OrderByDescending(i => i.Id);
        return Page([.. found.Select(i => (JsonNode)IssueJson(i))], request);
    }

    private static FakeResponse ListNotes(FakeRequest request, FakeGitLabIssue issue)
    {
        var indexes = Enumerable.Range(0, issue.Notes.Count);
        indexes = request.QueryValue("sort") == "asc" ? indexes : indexes.Reverse();
        return Page([.. indexes.Select(i => (JsonNode)NoteJson(issue, i))], request);
    }

    private static JsonArray LabelEvents(FakeGitLabIssue issue) =>
        [.. issue.LabelEvents.Select((e, i) => (JsonNode)new JsonObject
        {
            ["id"] = i + 1,
            ["user"] = new JsonObject { ["id"] = e.UserId, ["username"] = e.Username },
            ["created_at"] = "2026-11-21T12:00:00.000Z",
            ["resource_type"] = "Issue",
            ["label"] = new JsonObject { ["id"] = 1, ["name"] = e.Label },
            ["action"] = e.Action,
        })];

    [GeneratedRegex("^/api/v4/user$")]
    private static partial Regex UserPath();

    [GeneratedRegex("^/api/v4/projects/(?<project>[^/]+)$")]
    private static partial Regex ProjectPath();

    [GeneratedRegex("^/api/v4/projects/(?<project>[^/]+)/labels$")]
    private static partial Regex LabelsPath();

    [GeneratedRegex("^/api/v4/projects/(?<project>[^/]+)/issues$")]
    private static partial Regex IssuesPath();

    [GeneratedRegex("^/api/v4/projects/(?<project>[^/]+)/issues/(?<iid>[0-9]+)$")]
    private static partial Regex IssuePath();

    [GeneratedRegex("^/api/v4/projects/(?<project>[^/]+)/issues/(?<iid>[0-9]+)/notes$")]
    private static partial Regex NotesPath();

    [GeneratedRegex("^/api/v4/projects/(?<project>[^/]+)/issues/(?<iid>[0-9]+)/resource_label_events$")]
    private static partial Regex LabelEventsPath();

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex ColorPattern();
}
