using System.Globalization;
using System.Text.Json;

namespace TeleportPlugins.Fakes.Datadog;

/// <summary>
/// A fake of the Datadog API parts the Datadog adapter calls (key validation, permissions, users, teams, On-Call,
/// incidents with their search and timeline) on <see cref="FakeApiServer"/>, for the adapter tests, the end-to-end
/// tests and the load tool alike. Every call must carry the API key in <c>DD-API-KEY</c> and, except
/// <c>GET /api/v1/validate</c>, the application key in <c>DD-APPLICATION-KEY</c>; a wrong or missing key gets
/// Datadog's 403 <c>{"errors":["Forbidden"]}</c>. Bodies are checked as Datadog does (JSON:API documents of the right
/// type, the fields' values) and refused with 400 in the same <c>{"errors":[...]}</c> shape. Users are found by e-mail
/// and teams by handle or name through indexes; the search pages the incidents newest first. Optionally it limits each
/// endpoint group as Datadog does (<see cref="LimitRate"/>), answering 429 with the <c>X-RateLimit-*</c> headers.
/// </summary>
public sealed class DatadogApiFake : IAsyncDisposable
{
    /// <summary>The states an incident's state field takes.</summary>
    private static readonly string[] States = ["active", "stable", "resolved"];

    private static readonly string[] Severities = ["SEV-1", "SEV-2", "SEV-3", "SEV-4", "SEV-5", "UNKNOWN"];
    private static readonly PathTemplate IncidentPath = new("/api/v2/incidents/{id}");
    private static readonly PathTemplate TimelinePath = new("/api/v2/incidents/{id}/timeline");
    private static readonly PathTemplate OnCallPath = new("/api/v2/on-call/teams/{id}/on-call");

    private readonly Lock _gate = new();
    private readonly string _apiKey;
    private readonly string _applicationKey;
    private readonly TimeProvider _time;
    private readonly List<FakeDatadogIncident> _incidents = [];
    private readonly Dictionary<string, FakeDatadogIncident> _incidentsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, User> _usersByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Team> _teamsByHandle = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Team> _teamsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Team> _teamsById = new(StringComparer.Ordinal);
    private volatile RateLimit? _rateLimit;

    private DatadogApiFake(FakeApiServer server, string apiKey, string applicationKey, TimeProvider time)
    {
        Server = server;
        _apiKey = apiKey;
        _applicationKey = applicationKey;
        _time = time;
    }

    /// <summary>The underlying server: its recorded requests, counters and failure injection.</summary>
    public FakeApiServer Server { get; }

    /// <summary>The API's base URL, for the adapter's <c>api_endpoint</c>.</summary>
    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>Whether the application key's user is denied <c>incident_write</c>.</summary>
    public bool IncidentWriteRestricted { get; set; }

    /// <summary>Every incident, in creation order.</summary>
    public IReadOnlyList<FakeDatadogIncident> Incidents
    {
        get
        {
            lock (_gate)
            {
                return [.. _incidents];
            }
        }
    }

    /// <summary>Starts the fake.</summary>
    /// <param name="apiKey">The only API key it accepts.</param>
    /// <param name="applicationKey">The only application key it accepts.</param>
    /// <param name="options">Recording (tests, the default) or counted (load runs), and the faults.</param>
    /// <param name="time">The clock incidents are created on (the system's by default).</param>
    /// <returns>The running fake.</returns>
    public static async Task<DatadogApiFake> StartAsync(string apiKey, string applicationKey, FakeServerOptions? options = null, TimeProvider? time = null)
    {
        var fake = new DatadogApiFake(await FakeApiServer.StartAsync(options), apiKey, applicationKey, time ?? TimeProvider.System);
        fake.MapRoutes();
        return fake;
    }

    /// <summary>Adds a user (an e-mail the adapter may notify and On-Call may name).</summary>
    /// <param name="email">The user's e-mail.</param>
    public void AddUser(string email)
    {
        lock (_gate)
        {
            UserOf(email);
        }
    }

    /// <summary>Adds a team, or replaces who is on call for it now.</summary>
    /// <param name="handle">The team's handle, without <c>@</c>.</param>
    /// <param name="name">The team's display name.</param>
    /// <param name="onCall">The e-mails on call now, or null for a team without On-Call set up.</param>
    public void SetTeam(string handle, string name, params string[]? onCall)
    {
        lock (_gate)
        {
            if (!_teamsByHandle.TryGetValue(handle, out var team))
            {
                team = new Team(Guid.NewGuid().ToString(), handle, name);
                _teamsByHandle[handle] = team;
                _teamsByName[name] = team;
                _teamsById[team.Id] = team;
            }

            team.OnCall = onCall?.Select(UserOf).ToArray();
        }
    }

    /// <summary>
    /// Limits each endpoint group (validate, permissions, users, teams, on_call, incidents) to
    /// <paramref name="permits"/> calls per <paramref name="period"/>, as Datadog limits each separately. A call over
    /// the limit gets 429 with <c>X-RateLimit-Limit</c>, <c>-Period</c>, <c>-Remaining</c> (0), <c>-Reset</c> (whole
    /// seconds until the period ends) and <c>-Name</c>; Datadog sends no <c>Retry-After</c>.
    /// </summary>
    /// <param name="time">The clock the periods run on.</param>
    /// <param name="permits">Calls allowed per group per period.</param>
    /// <param name="period">The period.</param>
    /// <returns>The limit, to read its refusals.</returns>
    public DestinationRateLimit LimitRate(TimeProvider time, int permits, TimeSpan period)
    {
        var limit = new DestinationRateLimit(time);
        limit.Enable(permits, period);
        _rateLimit = new RateLimit(limit, permits, period);
        return limit;
    }

    /// <summary>Datadog's 429 for the group <paramref name="name"/>, resetting in <paramref name="reset"/> seconds.</summary>
    /// <param name="name">The rate limit's name, e.g. <c>incidents</c>.</param>
    /// <param name="limit">Calls allowed per period.</param>
    /// <param name="period">The period in seconds.</param>
    /// <param name="reset">Seconds until the period ends.</param>
    /// <returns>The response.</returns>
    public static FakeResponse TooManyRequests(string name, int limit, int period, int reset) => FakeResponse.Error(
        429,
        """{"errors":["Too many requests"]}""",
        ("X-RateLimit-Limit", limit.ToString(CultureInfo.InvariantCulture)),
        ("X-RateLimit-Period", period.ToString(CultureInfo.InvariantCulture)),
        ("X-RateLimit-Remaining", "0"),
        ("X-RateLimit-Reset", reset.ToString(CultureInfo.InvariantCulture)),
        ("X-RateLimit-Name", name));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static FakeResponse Errors(int status, params string[] errors) => FakeResponse.JsonBody(new { errors }, status);

    private static int? PageSize(FakeRequest request)
    {
        var text = request.QueryValue("page[size]");
        return text is null ? 10 : int.TryParse(text, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= 100 ? size : null;
    }

    private static int? PageNumber(FakeRequest request, string name)
    {
        var text = request.QueryValue(name);
        return text is null ? 0 : int.TryParse(text, CultureInfo.InvariantCulture, out var number) && number >= 0 ? number : null;
    }

    private void MapRoutes()
    {
        Map("GET", "/api/v1/validate", "validate", _ => FakeResponse.JsonBody(new { valid = true }), applicationKey: false);
        Map("GET", "/api/v2/permissions", "permissions", _ => Permissions());
        Map("GET", "/api/v2/users", "users", ListUsers);
        Map("GET", "/api/v2/team", "teams", ListTeams);
        Map("GET", OnCallPath, "on_call", TeamOnCall);
        Map("POST", "/api/v2/incidents", "incidents", request => WithDocument(request, "incidents", CreateIncident));
        Map("GET", "/api/v2/incidents/search", "incidents", SearchIncidents);
        Map("PATCH", IncidentPath, "incidents", (request, id) => WithDocument(request, "incidents", data => UpdateIncident(id, data)));
        Map("POST", TimelinePath, "incidents", (request, id) => WithDocument(request, "incident_timeline_cells", data => AddCell(id, data)));
        Map("GET", TimelinePath, "incidents", (_, id) => ListCells(id));
    }

    private void Map(string method, string path, string group, Func<FakeRequest, FakeResponse> handler, bool applicationKey = true) =>
        Server.Map(method, path, request => Refusal(request, group, applicationKey) ?? handler(request));

    private void Map(string method, PathTemplate path, string group, Func<FakeRequest, string, FakeResponse> handler) =>
        Server.Map(method, path.Matches, request => Refusal(request, group, applicationKey: true) ?? handler(request, path.Id(request.Path)));

    // The keys first (the limits are the organization's), then the group's limit.
    private FakeResponse? Refusal(FakeRequest request, string group, bool applicationKey)
    {
        if (!string.Equals(request.Header("DD-API-KEY"), _apiKey, StringComparison.Ordinal)
            || (applicationKey && !string.Equals(request.Header("DD-APPLICATION-KEY"), _applicationKey, StringComparison.Ordinal)))
        {
            return Errors(403, "Forbidden");
        }

        if (_rateLimit is { } limit && limit.Limit.Refuse(group) is { } wait)
        {
            return TooManyRequests(group, limit.Permits, (int)Math.Ceiling(limit.Period.TotalSeconds), Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)));
        }

        return null;
    }

    // A JSON:API document {"data": {"type": ..., "attributes": {...}}} of the expected type.
    private static FakeResponse WithDocument(FakeRequest request, string type, Func<JsonElement, FakeResponse> handle) =>
        FakeJson.Read(request, () => Errors(400, "Invalid JSON body"), body =>
        {
            var data = FakeJson.Field(body, "data");
            if (data.ValueKind != JsonValueKind.Object)
            {
                return Errors(400, "data: field required");
            }

            return FakeJson.Text(data, "type") == type ? handle(data) : Errors(400, $"data.type: must be {type}");
        });

    private User UserOf(string email)
    {
        if (!_usersByEmail.TryGetValue(email, out var user))
        {
            user = new User(Guid.NewGuid().ToString(), email);
            _usersByEmail[email] = user;
        }

        return user;
    }

    private FakeResponse Permissions()
    {
        object Permission(string name, bool restricted) => new { id = Guid.NewGuid().ToString(), type = "permissions", attributes = new { name, display_name = name, restricted } };
        return FakeResponse.JsonBody(new { data = new[] { Permission("incident_read", false), Permission("incident_write", IncidentWriteRestricted) } });
    }

    private static object UserResource(User user) =>
        new { id = user.Id, type = "users", attributes = new { email = user.Email, handle = user.Email, name = user.Email, disabled = false, status = "Active" } };

    private static object TeamResource(Team team) =>
        new { id = team.Id, type = "team", attributes = new { handle = team.Handle, name = team.Name } };

    // Datadog matches the filter anywhere in e-mail, handle or name; an exact e-mail is read from the index.
    private FakeResponse ListUsers(FakeRequest request)
    {
        if (PageSize(request) is not { } size || PageNumber(request, "page[number]") is not { } number)
        {
            return Errors(400, "page[size] must be 1 to 100 and page[number] at least 0");
        }

        var filter = request.QueryValue("filter") ?? string.Empty;
        lock (_gate)
        {
            IEnumerable<User> found = _usersByEmail.TryGetValue(filter, out var exact) ? [exact]
                : _usersByEmail.Values.Where(u => u.Email.Contains(filter, StringComparison.OrdinalIgnoreCase));
            return FakeResponse.JsonBody(new { data = found.Skip(number * size).Take(size).Select(UserResource).ToList() });
        }
    }

    private FakeResponse ListTeams(FakeRequest request)
    {
        if (PageSize(request) is not { } size || PageNumber(request, "page[number]") is not { } number)
        {
            return Errors(400, "page[size] must be 1 to 100 and page[number] at least 0");
        }

        var keyword = request.QueryValue("filter[keyword]") ?? string.Empty;
        lock (_gate)
        {
            IEnumerable<Team> found = _teamsByHandle.TryGetValue(keyword, out var byHandle) ? [byHandle]
                : _teamsByName.TryGetValue(keyword, out var byName) ? [byName]
                : _teamsById.Values.Where(t => t.Handle.Contains(keyword, StringComparison.OrdinalIgnoreCase) || t.Name.Contains(keyword, StringComparison.OrdinalIgnoreCase));
            return FakeResponse.JsonBody(new { data = found.Skip(number * size).Take(size).Select(TeamResource).ToList() });
        }
    }

    private FakeResponse TeamOnCall(FakeRequest request, string teamId)
    {
        var include = request.QueryValue("include")?.Split(',') ?? [];
        if (include.Any(i => i is not ("responders" or "escalations" or "escalations.responders")))
        {
            return Errors(400, "include: allowed values are responders, escalations, escalations.responders");
        }

        lock (_gate)
        {
            if (!_teamsById.TryGetValue(teamId, out var team) || team.OnCall is not { } onCall)
            {
                return Errors(404, "Not found");
            }

            var data = new
            {
                id = team.Id,
                type = "team_oncall_responders",
                relationships = new { responders = new { data = onCall.Select(u => new { id = u.Id, type = "users" }).ToList() } },
            };
            var included = include.Contains("responders") ? onCall.Select(UserResource).ToList() : [];
            return FakeResponse.JsonBody(new { data, included });
        }
    }

    private static object IncidentResource(FakeDatadogIncident incident) => new
    {
        id = incident.Id,
        type = "incidents",
        attributes = new
        {
            public_id = incident.PublicId,
            title = incident.Title,
            created = incident.Created,
            customer_impacted = false,
            notification_handles = incident.NotificationHandles.Select(h => new { handle = h, display_name = h.TrimStart('@') }).ToList(),
            fields = new
            {
                summary = new { type = "textbox", value = incident.Summary },
                severity = new { type = "dropdown", value = incident.Severity },
                state = new { type = "dropdown", value = incident.State },
                detection_method = new { type = "dropdown", value = "employee" },
                teams = new { type = "multiselect", value = incident.Teams },
            },
        },
    };

    private static string? FieldValue(JsonElement fields, string name) => FakeJson.Text(FakeJson.Field(fields, name), "value");

    private FakeResponse CreateIncident(JsonElement data)
    {
        var attributes = FakeJson.Field(data, "attributes");
        var title = FakeJson.Text(attributes, "title");
        var impacted = FakeJson.Field(attributes, "customer_impacted");
        var fields = FakeJson.Field(attributes, "fields");
        var severity = FieldValue(fields, "severity") ?? "UNKNOWN";
        var state = FieldValue(fields, "state") ?? "active";
        var teams = FakeJson.Field(FakeJson.Field(fields, "teams"), "value");
        var handles = FakeJson.Field(attributes, "notification_handles");
        var refusal = string.IsNullOrWhiteSpace(title) ? Errors(400, "title: field required")
            : impacted.ValueKind is not (JsonValueKind.True or JsonValueKind.False) ? Errors(400, "customer_impacted: field required")
            : !Severities.Contains(severity) ? Errors(400, $"Invalid severity value {severity}")
            : !States.Contains(state) ? Errors(400, $"Invalid state value {state}")
            : teams.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Array) || (teams.ValueKind == JsonValueKind.Array && teams.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
                ? Errors(400, "fields.teams: value must be a list of strings")
            : handles.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Array) || (handles.ValueKind == JsonValueKind.Array && handles.EnumerateArray().Any(h => FakeJson.Text(h, "handle")?.StartsWith('@') != true))
                ? Errors(400, "notification_handles: each handle must start with @")
            : null;
        if (refusal is not null)
        {
            return refusal;
        }

        lock (_gate)
        {
            var incident = new FakeDatadogIncident(
                Guid.NewGuid().ToString(),
                _incidents.Count + 1,
                title!,
                FieldValue(fields, "summary") ?? string.Empty,
                severity,
                teams.ValueKind == JsonValueKind.Array ? [.. teams.EnumerateArray().Select(t => t.GetString()!)] : [],
                handles.ValueKind == JsonValueKind.Array ? [.. handles.EnumerateArray().Select(h => FakeJson.Text(h, "handle")!)] : [],
                _time.GetUtcNow())
            {
                State = state,
            };
            _incidents.Add(incident);
            _incidentsById[incident.Id] = incident;
            return FakeResponse.JsonBody(CallKind.Root, new { data = IncidentResource(incident) }, 201);
        }
    }

    private FakeResponse UpdateIncident(string id, JsonElement data)
    {
        if (FakeJson.Text(data, "id") is { } bodyId && bodyId != id)
        {
            return Errors(400, "data.id does not match the incident in the path");
        }

        var state = FieldValue(FakeJson.Field(FakeJson.Field(data, "attributes"), "fields"), "state");
        if (state is not null && !States.Contains(state))
        {
            return Errors(400, $"Invalid state value {state}");
        }

        lock (_gate)
        {
            if (!_incidentsById.TryGetValue(id, out var incident))
            {
                return Errors(404, "Not found");
            }

            incident.State = state ?? incident.State;
            return FakeResponse.JsonBody(CallKind.Update, new { data = IncidentResource(incident) });
        }
    }

    // The fake understands the queries "state:(a OR b ...)" and "state:a"; the results come newest first.
    private FakeResponse SearchIncidents(FakeRequest request)
    {
        var query = request.QueryValue("query");
        var sort = request.QueryValue("sort") ?? "created";
        if (PageSize(request) is not { } size || PageNumber(request, "page[offset]") is not { } offset || sort is not ("created" or "-created"))
        {
            return Errors(400, "page[size] must be 1 to 100, page[offset] at least 0 and sort created or -created");
        }

        if (string.IsNullOrWhiteSpace(query) || !query.StartsWith("state:", StringComparison.Ordinal))
        {
            return Errors(400, "query: field required");
        }

        var states = query["state:".Length..].Trim('(', ')').Split(" OR ", StringSplitOptions.TrimEntries);
        lock (_gate)
        {
            IEnumerable<FakeDatadogIncident> ordered = sort == "-created" ? Enumerable.Reverse(_incidents) : _incidents;
            var matching = states.Length == States.Length && States.All(states.Contains) ? ordered : ordered.Where(i => states.Contains(i.State));
            var total = states.Length == States.Length ? _incidents.Count : matching.Count();
            var page = matching.Skip(offset).Take(size).Select(i => new { data = IncidentResource(i) }).ToList();
            return FakeResponse.JsonBody(new { data = new { type = "incidents_search_results", attributes = new { incidents = page, total } } });
        }
    }

    private FakeResponse AddCell(string id, JsonElement data)
    {
        var attributes = FakeJson.Field(data, "attributes");
        var content = FakeJson.Text(FakeJson.Field(attributes, "content"), "content");
        if (FakeJson.Text(attributes, "cell_type") != "markdown" || string.IsNullOrEmpty(content))
        {
            return Errors(400, "cell_type must be markdown and content.content not empty");
        }

        lock (_gate)
        {
            if (!_incidentsById.TryGetValue(id, out var incident))
            {
                return Errors(404, "Not found");
            }

            incident.Notes.Add(content);
            var cell = new { id = Guid.NewGuid().ToString(), type = "incident_timeline_cells", attributes = new { cell_type = "markdown", content = new { content }, created = _time.GetUtcNow() } };
            return FakeResponse.JsonBody(NoteKinds.Of(content), new { data = cell }, 201);
        }
    }

    private FakeResponse ListCells(string id)
    {
        lock (_gate)
        {
            if (!_incidentsById.TryGetValue(id, out var incident))
            {
                return Errors(404, "Not found");
            }

            var cells = incident.Notes.Select((content, i) => new { id = $"{id}-{i}", type = "incident_timeline_cells", attributes = new { cell_type = "markdown", content = new { content } } }).ToList();
            return FakeResponse.JsonBody(new { data = cells });
        }
    }

    private sealed record User(string Id, string Email);

    private sealed record Team(string Id, string Handle, string Name)
    {
        public User[]? OnCall { get; set; }
    }

    private sealed record RateLimit(DestinationRateLimit Limit, int Permits, TimeSpan Period);
}
