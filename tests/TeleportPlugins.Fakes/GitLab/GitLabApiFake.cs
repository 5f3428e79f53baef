using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TeleportPlugins.Fakes.GitLab;

/// <summary>
/// A fake of GitLab's REST API v4 for one project: checks <c>PRIVATE-TOKEN</c>, methods, paths and bodies, and answers
/// with GitLab's shapes and errors (<c>{"message": ...}</c>, <c>{"error": ...}</c>). GitLab has no idempotency key, so
/// a repeated create is a second issue, as in GitLab. Shared by the adapter tests, the end-to-end tests and the load
/// tool: start it, point <c>[gitlab] url</c> at <see cref="BaseAddress"/>.
/// </summary>
public sealed partial class GitLabApiFake : IAsyncDisposable
{
    /// <summary>The bot account the token belongs to.</summary>
    public const long BotId = 77;

    private const string TooManyRequests = "This endpoint has been requested too many times. Try again later.";

    private readonly Lock _gate = new();

    // Issue IIDs are 1, 2, ... in creation order, so an issue's IID is its index here plus one.
    private readonly List<FakeGitLabIssue> _issues = [];
    private readonly string _project;
    private volatile DestinationRateLimit? _issueCreation;
    private TimeProvider _creationClock = TimeProvider.System;
    private long _lastNote = 100;

    private GitLabApiFake(FakeApiServer server, string token)
    {
        Server = server;
        Token = token;
        _project = ProjectId.ToString(CultureInfo.InvariantCulture);
        Map();
    }

    /// <summary>The token the fake accepts.</summary>
    public string Token { get; }

    /// <summary>The project's numeric ID.</summary>
    public long ProjectId { get; } = 1812345;

    /// <summary>The project's labels (GitLab compares their names in any case).</summary>
    public List<string> Labels { get; } = ["bug"];

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

    /// <summary>A GitLab user adds a label in the UI.</summary>
    /// <param name="iid">The issue.</param>
    /// <param name="label">The label.</param>
    /// <param name="userId">The user's ID.</param>
    /// <param name="username">The user's name.</param>
    public void AddLabel(long iid, string label, long userId, string username)
    {
        lock (_gate)
        {
            var issue = _issues[(int)iid - 1];
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
        ["project_id"] = ProjectId,
        ["title"] = issue.Title,
        ["description"] = issue.Description,
        ["state"] = issue.State,
        ["labels"] = new JsonArray([.. issue.Labels.Select(l => (JsonNode)l)]),
        ["author"] = new JsonObject { ["id"] = issue.AuthorId, ["username"] = issue.AuthorId == BotId ? "teleport-bot" : "someone" },
        ["web_url"] = $"https://gitlab.example.com/group/project/-/issues/{issue.Iid}",
    };

    private void Route(string method, Regex path, Func<FakeRequest, Match, FakeResponse> handler) =>
        Server.Map(method, p => path.IsMatch(p), request =>
        {
            if (request.Header("PRIVATE-TOKEN") != Token)
            {
                return Message(401, "401 Unauthorized");
            }

            var match = path.Match(request.Path);
            if (match.Groups["project"].Success && match.Groups["project"].Value != _project)
            {
                return Message(404, "404 Project Not Found");
            }

            lock (_gate)
            {
                return handler(request, match);
            }
        });

    private void RouteJson(string method, Regex path, Func<JsonObject, Match, FakeResponse> handler) =>
        Route(method, path, (request, match) =>
        {
            if (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
            {
                return ParameterError("body is not a JSON object");
            }

            try
            {
                return JsonNode.Parse(request.Body) is JsonObject body ? handler(body, match) : ParameterError("body is not a JSON object");
            }
            catch (JsonException)
            {
                return ParameterError("body is not valid JSON");
            }
        });

    // Called under the gate.
    private FakeGitLabIssue? Find(Match match) =>
        long.TryParse(match.Groups["iid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var iid) && iid >= 1 && iid <= _issues.Count
            ? _issues[(int)iid - 1]
            : null;

    private void Map()
    {
        Route("GET", UserPath(), (_, _) => Json(CallKind.Read, new JsonObject { ["id"] = BotId, ["username"] = "teleport-bot", ["name"] = "Teleport Bot" }));
        Route("GET", ProjectPath(), (_, _) => Json(CallKind.Read, new JsonObject { ["id"] = ProjectId, ["path_with_namespace"] = "group/project" }));
        Route("GET", LabelsPath(), (request, _) => SearchLabels(request.QueryValue("search") ?? string.Empty));
        RouteJson("POST", LabelsPath(), (body, _) => CreateLabel(body));
        RouteJson("POST", IssuesPath(), (body, _) => CreateIssue(body));
        Route("GET", IssuePath(), (_, match) => Find(match) is { } issue ? Json(CallKind.Read, IssueJson(issue)) : NotFound());
        RouteJson("PUT", IssuePath(), UpdateIssue);
        RouteJson("POST", NotesPath(), AddNote);
        Route("GET", LabelEventsPath(), (_, match) => Find(match) is { } issue ? Json(CallKind.Read, LabelEvents(issue)) : NotFound());
    }

    private FakeResponse SearchLabels(string search) =>
        Json(CallKind.Read, new JsonArray([.. Labels.Where(l => l.Contains(search, StringComparison.OrdinalIgnoreCase)).Select((l, i) => (JsonNode)new JsonObject { ["id"] = i + 1, ["name"] = l, ["color"] = "#428BCA" })]));

    // Part of the adapter's start-up check (it makes sure the status labels exist), so counted as a read.
    private FakeResponse CreateLabel(JsonObject body)
    {
        if (Text(body, "name") is not { Length: > 0 } name)
        {
            return ParameterError("name is missing");
        }

        if (Text(body, "color") is not { } color || !ColorPattern().IsMatch(color))
        {
            return Message(400, new JsonObject { ["color"] = new JsonArray("must be a valid color code") });
        }

        if (Labels.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return Message(409, "Label already exists");
        }

        Labels.Add(name);
        return Json(CallKind.Read, new JsonObject { ["id"] = Labels.Count, ["name"] = name, ["color"] = color, ["description"] = Text(body, "description") }, 201);
    }

    private FakeResponse CreateIssue(JsonObject body)
    {
        if (Text(body, "title") is not { Length: > 0 } title)
        {
            return ParameterError("title is missing");
        }

        if (_issueCreation?.Refuse($"{_project}:{Token}") is { } wait)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            return FakeResponse.TooManyRequests(
                wait,
                new JsonObject { ["message"] = new JsonObject { ["error"] = TooManyRequests } }.ToJsonString(),
                ("RateLimit-Remaining", "0"),
                ("RateLimit-Reset", (_creationClock.GetUtcNow().ToUnixTimeSeconds() + seconds).ToString(CultureInfo.InvariantCulture)));
        }

        var issue = new FakeGitLabIssue { Id = 9000 + _issues.Count, Iid = _issues.Count + 1, AuthorId = BotId, Title = title, Description = Text(body, "description") ?? string.Empty };
        issue.Labels.AddRange(LabelList(body, "labels"));
        _issues.Add(issue);
        return Json(CallKind.Root, IssueJson(issue), 201);
    }

    private FakeResponse UpdateIssue(JsonObject body, Match match)
    {
        if (Find(match) is not { } issue)
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

        issue.State = state;
        foreach (var label in LabelList(body, "remove_labels"))
        {
            issue.Labels.Remove(label);
            issue.LabelEvents.Add((BotId, "teleport-bot", label, "remove"));
        }

        foreach (var label in LabelList(body, "add_labels"))
        {
            issue.Labels.Add(label);
            issue.LabelEvents.Add((BotId, "teleport-bot", label, "add"));
        }

        return Json(CallKind.Update, IssueJson(issue));
    }

    private FakeResponse AddNote(JsonObject body, Match match)
    {
        if (Find(match) is not { } issue)
        {
            return NotFound();
        }

        if (Text(body, "body") is not { Length: > 0 } text)
        {
            return ParameterError("body is missing");
        }

        issue.Notes.Add(text);
        // A review's note and the resolution's go to the same endpoint; the load run counts them apart.
        return Json(NoteKinds.Of(text), new JsonObject { ["id"] = ++_lastNote, ["body"] = text, ["noteable_type"] = "Issue", ["noteable_iid"] = issue.Iid, ["system"] = false, ["internal"] = false }, 201);
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
