using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Globalization;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes.GitLab;

/// <summary>
/// A lean GitLab REST API v4 with one project: the start-up check (project, label search, label creation), issues,
/// notes, and the closing update. <c>PRIVATE-TOKEN</c> auth; GitLab's <c>{"message":…}</c> / <c>{"error":…}</c>
/// refusals. GitLab has no idempotency key: the adapter relies on the host's state alone, so a repeated create is a
/// second issue, as in GitLab. Issues are never deleted, so an issue exists exactly when its IID has been handed out.
/// </summary>
internal sealed class GitLabLoadTool : ILoadTool
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

    private GitLabLoadTool(LeanApiServer server)
    {
        Server = server;
        var routes = new AuthenticatedRoutes(server, "PRIVATE-TOKEN", Token, Message(401, "401 Unauthorized"));
        routes.Map("GET", ProjectPath, _ => LeanResponse.Json(CallKind.Read, new { id = ProjectId, name = "teleport-requests", path_with_namespace = "load/teleport-requests" }));
        routes.Map("GET", ProjectPath + "/labels", SearchLabels);
        routes.Map("POST", ProjectPath + "/labels", CreateLabel);
        routes.Map("POST", ProjectPath + "/issues", CreateIssue);
        routes.Map("PUT", IssuePath, UpdateIssue);
        routes.Map("POST", NotesPath, AddNote);
    }

    /// <inheritdoc />
    public string Adapter => "gitlab";

    /// <inheritdoc />
    public LeanApiServer Server { get; }

    /// <inheritdoc />
    public string ConfigSection => $"""
        [gitlab]
        url = "{Server.BaseAddress}"
        token = "{Token}"
        project_id = "{ProjectId}"
        """;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RequestAnnotations => ReadOnlyDictionary<string, IReadOnlyList<string>>.Empty;

    /// <summary>Starts the fake.</summary>
    /// <param name="log">Where accepted calls are counted.</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The tool.</returns>
    public static async Task<GitLabLoadTool> StartAsync(ArrivalLog log, FaultPlan faults) =>
        new(await LeanApiServer.StartAsync("gitlab", log, faults));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static LeanResponse Message(int status, object message) => LeanResponse.Json(CallKind.Read, new { message }, status);

    // GitLab's answer to a missing required parameter.
    private static LeanResponse Missing(string parameter) => LeanResponse.Json(CallKind.Read, new { error = $"{parameter} is missing" }, 400);

    // GitLab's answer to a parameter with a wrong value: the messages per parameter.
    private static LeanResponse Invalid(string parameter, string problem) =>
        Message(400, new Dictionary<string, string[]>(StringComparer.Ordinal) { [parameter] = [problem] });

    private static LeanResponse NotFound() => Message(404, "404 Not found");

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

    private LeanResponse SearchLabels(LeanRequest request)
    {
        var search = request.QueryValue("search") ?? string.Empty;
        var found = _labels.Where(l => l.Key.Contains(search, StringComparison.OrdinalIgnoreCase)).Select(l => new { id = l.Value, name = l.Key });
        return LeanResponse.Json(CallKind.Read, found.ToList());
    }

    // Part of the adapter's start-up check (it makes sure the status labels exist), so counted as a read.
    private LeanResponse CreateLabel(LeanRequest request)
    {
        using var json = JsonFields.ParseObject(request.Body);
        if (json is null)
        {
            return Message(400, "body is not a JSON object");
        }

        if (JsonFields.Text(json.RootElement, "name") is not { Length: > 0 } name)
        {
            return Missing("name");
        }

        if (JsonFields.Text(json.RootElement, "color") is not { Length: 7 } color || color[0] != '#' || !color[1..].All(char.IsAsciiHexDigit))
        {
            return Invalid("color", "must be a valid color code");
        }

        var id = Interlocked.Increment(ref _lastLabel);
        return _labels.TryAdd(name, id)
            ? LeanResponse.Json(CallKind.Read, new { id, name, color, description = JsonFields.Text(json.RootElement, "description") }, 201)
            : Message(409, "Label already exists");
    }

    private LeanResponse CreateIssue(LeanRequest request)
    {
        using var json = JsonFields.ParseObject(request.Body);
        if (json is null)
        {
            return Message(400, "body is not a JSON object");
        }

        if (JsonFields.Text(json.RootElement, "title") is not { Length: > 0 } title)
        {
            return Missing("title");
        }

        var labels = (JsonFields.Text(json.RootElement, "labels") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var iid = Interlocked.Increment(ref _lastIid);
        return LeanResponse.Json(CallKind.Root, Issue(iid, "opened", title, JsonFields.Text(json.RootElement, "description") ?? string.Empty, labels), 201);
    }

    private LeanResponse UpdateIssue(LeanRequest request, string iid)
    {
        if (!IssueExists(iid, out var number))
        {
            return NotFound();
        }

        using var json = JsonFields.ParseObject(request.Body);
        if (json is null)
        {
            return Message(400, "body is not a JSON object");
        }

        var state = JsonFields.Text(json.RootElement, "state_event") switch
        {
            "close" => "closed",
            "reopen" or null => "opened",
            _ => null,
        };
        if (state is null)
        {
            return Invalid("state_event", "does not have a valid value");
        }

        var labels = (JsonFields.Text(json.RootElement, "add_labels") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return LeanResponse.Json(CallKind.Update, Issue(number, state, "Access request", string.Empty, labels));
    }

    private LeanResponse AddNote(LeanRequest request, string iid)
    {
        if (!IssueExists(iid, out var number))
        {
            return NotFound();
        }

        using var json = JsonFields.ParseObject(request.Body);
        if ((json is null ? null : JsonFields.Text(json.RootElement, "body")) is not { Length: > 0 } body)
        {
            return Missing("body");
        }

        var id = Interlocked.Increment(ref _lastNote);
        return LeanResponse.Json(NoteKinds.Of(body), new { id, body, noteable_type = "Issue", noteable_iid = number, system = false, @internal = false }, 201);
    }
}
