using TeleportPlugins.Fakes;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TeleportPlugins.Adapters.GitLab.Tests;

/// <summary>
/// A fake of GitLab's REST API v4 for one project: checks <c>PRIVATE-TOKEN</c>, methods, paths and bodies, and answers
/// with GitLab's shapes and error envelope (<c>{"message": ...}</c>). Reusable by an end-to-end harness.
/// </summary>
public sealed partial class GitLabApiFake : IAsyncDisposable
{
    /// <summary>The bot account the token belongs to.</summary>
    public const long BotId = 77;

    private readonly Lock _gate = new();
    private readonly List<FakeGitLabIssue> _issues = [];

    private GitLabApiFake(FakeApiServer server, string token)
    {
        Server = server;
        Token = token;
        Map();
    }

    /// <summary>The token the fake accepts.</summary>
    public string Token { get; }

    /// <summary>The project's numeric ID.</summary>
    public long ProjectId { get; } = 1812345;

    /// <summary>The project's labels.</summary>
    public List<string> Labels { get; } = ["bug"];

    /// <summary>The underlying server.</summary>
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
    /// <param name="token">The accepted token.</param>
    /// <returns>The fake.</returns>
    public static async Task<GitLabApiFake> StartAsync(string token = "glpat-s3cr3t-token") => new(await FakeApiServer.StartAsync(), token);

    /// <summary>A GitLab user adds a label in the UI.</summary>
    /// <param name="iid">The issue.</param>
    /// <param name="label">The label.</param>
    /// <param name="userId">The user's ID.</param>
    /// <param name="username">The user's name.</param>
    public void AddLabel(long iid, string label, long userId, string username)
    {
        lock (_gate)
        {
            var issue = _issues.Single(i => i.Iid == iid);
            issue.Labels.Add(label);
            issue.LabelEvents.Add((userId, username, label, "add"));
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static FakeResponse Message(int status, string message) => new(status, new JsonObject { ["message"] = message }.ToJsonString());

    private static FakeResponse Json(JsonNode node, int status = 200) => new(status, node.ToJsonString());

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

    private void Route(string method, Regex path, Func<FakeRequest, Match, FakeResponse> handler, bool jsonBody = false) =>
        Server.Map(method, p => path.IsMatch(p), request =>
        {
            if (request.Header("PRIVATE-TOKEN") != Token)
            {
                return Message(401, "401 Unauthorized");
            }

            var match = path.Match(request.Path);
            if (match.Groups["project"].Success && match.Groups["project"].Value != ProjectId.ToString(CultureInfo.InvariantCulture))
            {
                return Message(404, "404 Project Not Found");
            }

            if (jsonBody)
            {
                try
                {
                    if (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true || JsonNode.Parse(request.Body) is not JsonObject)
                    {
                        return new FakeResponse(400, "{\"error\":\"body is not a JSON object\"}");
                    }
                }
                catch (JsonException)
                {
                    return new FakeResponse(400, "{\"error\":\"body is not valid JSON\"}");
                }
            }

            lock (_gate)
            {
                return handler(request, match);
            }
        });

    private FakeGitLabIssue? Find(Match match) =>
        _issues.FirstOrDefault(i => i.Iid.ToString(CultureInfo.InvariantCulture) == match.Groups["iid"].Value);

    private void Map()
    {
        Route("GET", UserPath(), (_, _) => Json(new JsonObject { ["id"] = BotId, ["username"] = "teleport-bot", ["name"] = "Teleport Bot" }));
        Route("GET", ProjectPath(), (_, _) => Json(new JsonObject { ["id"] = ProjectId, ["path_with_namespace"] = "group/project" }));
        Route("GET", LabelsPath(), (request, _) =>
        {
            var search = Uri.UnescapeDataString(Regex.Match(request.Query, "search=([^&]*)").Groups[1].Value);
            return Json(new JsonArray([.. Labels.Where(l => l.Contains(search, StringComparison.OrdinalIgnoreCase)).Select((l, i) => (JsonNode)new JsonObject { ["id"] = i + 1, ["name"] = l, ["color"] = "#428BCA" })]));
        });
        Route("POST", LabelsPath(), (request, _) =>
        {
            var body = JsonNode.Parse(request.Body)!;
            var name = body["name"]?.GetValue<string>();
            var color = body["color"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name) || color is null || !ColorPattern().IsMatch(color))
            {
                return Message(400, "name or color is missing or invalid");
            }

            if (Labels.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return Message(409, "Label already exists");
            }

            Labels.Add(name);
            return Json(new JsonObject { ["id"] = Labels.Count, ["name"] = name, ["color"] = color }, 201);
        }, jsonBody: true);
        Route("POST", IssuesPath(), (request, _) =>
        {
            var body = JsonNode.Parse(request.Body)!;
            var title = body["title"]?.GetValue<string>();
            if (string.IsNullOrEmpty(title))
            {
                return new FakeResponse(400, "{\"error\":\"title is missing\"}");
            }

            var issue = new FakeGitLabIssue { Id = 9000 + _issues.Count, Iid = _issues.Count + 1, AuthorId = BotId, Title = title, Description = body["description"]?.GetValue<string>() ?? string.Empty };
            issue.Labels.AddRange((body["labels"]?.GetValue<string>() ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            _issues.Add(issue);
            return Json(IssueJson(issue), 201);
        }, jsonBody: true);
        Route("GET", IssuePath(), (_, match) => Find(match) is { } issue ? Json(IssueJson(issue)) : Message(404, "404 Not found"));
        Route("PUT", IssuePath(), (request, match) =>
        {
            if (Find(match) is not { } issue)
            {
                return Message(404, "404 Not found");
            }

            var body = JsonNode.Parse(request.Body)!;
            if (body["state_event"]?.GetValue<string>() is { } stateEvent)
            {
                issue.State = stateEvent == "close" ? "closed" : "opened";
            }

            foreach (var label in (body["remove_labels"]?.GetValue<string>() ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                issue.Labels.Remove(label);
                issue.LabelEvents.Add((BotId, "teleport-bot", label, "remove"));
            }

            foreach (var label in (body["add_labels"]?.GetValue<string>() ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                issue.Labels.Add(label);
                issue.LabelEvents.Add((BotId, "teleport-bot", label, "add"));
            }

            return Json(IssueJson(issue));
        }, jsonBody: true);
        Route("POST", NotesPath(), (request, match) =>
        {
            if (Find(match) is not { } issue)
            {
                return Message(404, "404 Not found");
            }

            var text = JsonNode.Parse(request.Body)!["body"]?.GetValue<string>();
            if (string.IsNullOrEmpty(text))
            {
                return new FakeResponse(400, "{\"error\":\"body is missing\"}");
            }

            issue.Notes.Add(text);
            return Json(new JsonObject { ["id"] = 100 + issue.Notes.Count, ["body"] = text, ["noteable_type"] = "Issue", ["system"] = false }, 201);
        }, jsonBody: true);
        Route("GET", LabelEventsPath(), (_, match) => Find(match) is { } issue
            ? Json(new JsonArray([.. issue.LabelEvents.Select((e, i) => (JsonNode)new JsonObject
            {
                ["id"] = i + 1,
                ["user"] = new JsonObject { ["id"] = e.UserId, ["username"] = e.Username },
                ["created_at"] = "2026-11-21T12:00:00.000Z",
                ["resource_type"] = "Issue",
                ["label"] = new JsonObject { ["id"] = 1, ["name"] = e.Label },
                ["action"] = e.Action,
            })]))
            : Message(404, "404 Not found"));
    }

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
