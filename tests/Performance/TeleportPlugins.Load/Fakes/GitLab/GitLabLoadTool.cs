using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes.GitLab;

/// <summary>
/// A lean GitLab REST API v4 with one project: the start-up check (project, label search, label creation), issues,
/// notes, and the closing update. <c>PRIVATE-TOKEN</c> auth; GitLab's <c>{"message":…}</c> / <c>{"error":…}</c>
/// refusals. GitLab has no idempotency key: the adapter relies on the host's state alone, so a repeated create is a
/// second issue, as in GitLab. Issues are never deleted, so an issue exists exactly when its IID has been handed out.
/// </summary>
internal sealed class GitLabLoadTool : LeanLoadTool
{
    private const string Token = "glpat-load-token";
    private const long ProjectId = 4242;
    private const long FirstIssueId = 90000;

    private static readonly string ProjectPath = string.Create(CultureInfo.InvariantCulture, $"/api/v4/projects/{ProjectId}");
    private static readonly PathTemplate IssuePath = new(ProjectPath + "/issues/{id}");
    private static readonly PathTemplate NotesPath = new(ProjectPath + "/issues/{id}/notes");

    // Label name (any case, as GitLab compares them) to its ID; filled by the adapter's start-up check.
    private readonly ConcurrentDictionary<string, long> _labels = new(StringComparer.OrdinalIgnoreCase);
    private long _lastLabel;
    private long _lastIid;
    private long _lastNote = 700;

    /// <summary>Maps the API on a started fake.</summary>
    /// <param name="server">The fake, named after the adapter.</param>
    public GitLabLoadTool(FakeApiServer server)
        : base("gitlab", server)
    {
        var routes = new AuthenticatedRoutes(server, "PRIVATE-TOKEN", Token, Message(401, "401 Unauthorized"));
        routes.Map("GET", ProjectPath, _ => FakeResponse.JsonBody(CallKind.Read, new { id = ProjectId, name = "teleport-requests", path_with_namespace = "load/teleport-requests" }));
        routes.Map("GET", ProjectPath + "/labels", SearchLabels);
        routes.Map("POST", ProjectPath + "/labels", CreateLabel);
        routes.Map("POST", ProjectPath + "/issues", CreateIssue);
        routes.Map("PUT", IssuePath, UpdateIssue);
        routes.Map("POST", NotesPath, AddNote);
    }

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [gitlab]
        url = "{Server.BaseAddress}"
        token = "{Token}"
        project_id = "{ProjectId}"
        """;

    private static FakeResponse Message(int status, object message) => FakeResponse.JsonBody(CallKind.Read, new { message }, status);

    private static FakeResponse NotAnObject() => Message(400, "body is not a JSON object");

    // GitLab's refusal of a body that is no JSON object or lacks a required text parameter; null when it is there.
    private static FakeResponse? Require(JsonDocument? json, string parameter, out JsonElement body, out string value)
    {
        body = json?.RootElement ?? default;
        value = FakeJson.Text(body, parameter) ?? string.Empty;
        return json is null ? NotAnObject()
            : value.Length == 0 ? FakeResponse.JsonBody(CallKind.Read, new { error = $"{parameter} is missing" }, 400)
            : null;
    }

    // GitLab's answer to a parameter with a wrong value: the messages per parameter.
    private static FakeResponse Invalid(string parameter, string problem) =>
        Message(400, new Dictionary<string, string[]>(StringComparer.Ordinal) { [parameter] = [problem] });

    // Labels travel as one comma-separated parameter.
    private static string[] Labels(JsonElement body, string parameter) =>
        (FakeJson.Text(body, parameter) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static FakeResponse NotFound() => Message(404, "404 Not found");

    private bool IssueExists(string iid, out long number) =>
        long.TryParse(iid, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number >= 1 && number <= Interlocked.Read(ref _lastIid);

    private object Issue(long iid, string state, string title, string description, string[] labels) => new
    {
        id = FirstIssueId + iid,
        iid,
        project_id = ProjectId,
        title,
        description,
        state,
        labels,
        web_url = string.Create(CultureInfo.InvariantCulture, $"{Server.BaseAddress}load/teleport-requests/-/issues/{iid}"),
    };

    private FakeResponse SearchLabels(FakeRequest request)
    {
        var search = request.QueryValue("search") ?? string.Empty;
        var found = _labels.Where(l => l.Key.Contains(search, StringComparison.OrdinalIgnoreCase)).Select(l => new { id = l.Value, name = l.Key });
        return FakeResponse.JsonBody(CallKind.Read, found.ToList());
    }

    // Part of the adapter's start-up check (it makes sure the status labels exist), so counted as a read.
    private FakeResponse CreateLabel(FakeRequest request)
    {
        using var json = FakeJson.ParseObject(request.Body);
        if (Require(json, "name", out var body, out var name) is { } refusal)
        {
            return refusal;
        }

        if (FakeJson.Text(body, "color") is not { Length: 7 } color || color[0] != '#' || !color[1..].All(char.IsAsciiHexDigit))
        {
            return Invalid("color", "must be a valid color code");
        }

        var id = Interlocked.Increment(ref _lastLabel);
        return _labels.TryAdd(name, id)
            ? FakeResponse.JsonBody(CallKind.Read, new { id, name, color, description = FakeJson.Text(body, "description") }, 201)
            : Message(409, "Label already exists");
    }

    private FakeResponse CreateIssue(FakeRequest request)
    {
        using var json = FakeJson.ParseObject(request.Body);
        if (Require(json, "title", out var body, out var title) is { } refusal)
        {
            return refusal;
        }

        var iid = Interlocked.Increment(ref _lastIid);
        return FakeResponse.JsonBody(CallKind.Root, Issue(iid, "opened", title, FakeJson.Text(body, "description") ?? string.Empty, Labels(body, "labels")), 201);
    }

    private FakeResponse UpdateIssue(FakeRequest request, string iid)
    {
        if (!IssueExists(iid, out var number))
        {
            return NotFound();
        }

        using var json = FakeJson.ParseObject(request.Body);
        if (json is null)
        {
            return NotAnObject();
        }

        var state = FakeJson.Text(json.RootElement, "state_event") switch
        {
            "close" => "closed",
            "reopen" or null => "opened",
            _ => null,
        };
        if (state is null)
        {
            return Invalid("state_event", "does not have a valid value");
        }

        return FakeResponse.JsonBody(CallKind.Update, Issue(number, state, "Access request", string.Empty, Labels(json.RootElement, "add_labels")));
    }

    private FakeResponse AddNote(FakeRequest request, string iid)
    {
        if (!IssueExists(iid, out var number))
        {
            return NotFound();
        }

        using var json = FakeJson.ParseObject(request.Body);
        if (Require(json, "body", out _, out var text) is { } refusal)
        {
            return refusal;
        }

        var id = Interlocked.Increment(ref _lastNote);
        return FakeResponse.JsonBody(NoteKinds.Of(text), new { id, body = text, noteable_type = "Issue", noteable_iid = number, system = false, @internal = false }, 201);
    }
}
