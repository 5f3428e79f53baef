using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeleportPlugins.Fakes.ServiceNow;

/// <summary>
/// A fake of the ServiceNow REST API calls the adapter makes (Table API on incident, sys_journal_field, sys_user and
/// cmn_rota; the on-call rota API), for the adapter tests, the end-to-end tests and the load tool. It checks the method, path, Basic auth,
/// Accept and body as ServiceNow does and answers with its <c>{"result": …}</c> shapes and
/// <c>{"error":{"message","detail"},"status":"failure"}</c> envelope. It enforces the default data policy that
/// resolving or closing an incident needs a close code and close notes. Each accepted write says what it did: a new
/// incident is the root, a PATCH of only work notes a review's reply, any PATCH that moves the incident an update.
/// Incidents are kept by sys_id and by correlation ID, and journal entries (work notes) by their incident, so a call
/// costs the same however many came before.
/// </summary>
public sealed class ServiceNowApiFake : IAsyncDisposable
{
    private const string IncidentsPath = "/api/now/table/incident";
    private const string JournalPath = "/api/now/table/sys_journal_field";
    private const string WhoIsOnCallPath = "/api/now/on_call_rota/whoisoncall";
    private static readonly PathTemplate IncidentPath = new(IncidentsPath + "/{id}");
    private static readonly PathTemplate UserPath = new("/api/now/table/sys_user/{id}");
    private static readonly PathTemplate RotaPath = new("/api/now/table/cmn_rota/{id}");

    private readonly Lock _gate = new();
    private readonly string _authorization;
    private readonly List<FakeServiceNowIncident> _incidents = [];
    private readonly Dictionary<string, FakeServiceNowIncident> _incidentsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FakeServiceNowIncident>> _incidentsByCorrelation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rotas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _onCall = new(StringComparer.Ordinal);
    private readonly List<string> _onCallQueries = [];
    private volatile UserLimit? _userLimit;
    private int _nextNumber = 10001;

    private ServiceNowApiFake(FakeApiServer server, string username, string password)
    {
        Server = server;
        Username = username;
        Password = password;
        _authorization = BasicAuthorization.Header(username, password);
        MapRoutes();
    }

    /// <summary>The user the fake accepts.</summary>
    public string Username { get; }

    /// <summary>The password the fake accepts.</summary>
    public string Password { get; }

    /// <summary>The base URL to configure as <c>[servicenow] url</c>.</summary>
    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>The underlying server, for injected failures and recorded requests.</summary>
    public FakeApiServer Server { get; }

    /// <summary>When set to N, each incident creation waits until N creations are in flight (to force a race).</summary>
    public Barrier? CreationBarrier { get; set; }

    /// <summary>The incidents, in creation order.</summary>
    public IReadOnlyList<FakeServiceNowIncident> Incidents
    {
        get
        {
            lock (_gate)
            {
                return [.. _incidents];
            }
        }
    }

    /// <summary>The <c>date_time</c> values the who-is-on-call API was asked for.</summary>
    public IReadOnlyList<string> OnCallQueries
    {
        get
        {
            lock (_gate)
            {
                return [.. _onCallQueries];
            }
        }
    }

    /// <summary>Starts the fake.</summary>
    /// <param name="username">The user it accepts.</param>
    /// <param name="password">The password it accepts.</param>
    /// <param name="options">Recording (tests, the default) or counted (load runs), and the faults.</param>
    /// <returns>The running fake.</returns>
    public static async Task<ServiceNowApiFake> StartAsync(string username = "teleport-bot", string password = "sn-password-s3cr3t", FakeServerOptions? options = null) =>
        new(await FakeApiServer.StartAsync(options), username, password);

    /// <summary>Adds a user and puts them on call in a rota.</summary>
    /// <param name="rotaId">The rota's sys_id.</param>
    /// <param name="rotaName">The rota's name.</param>
    /// <param name="userName">The user's user_name.</param>
    /// <returns>The user's sys_id.</returns>
    public string PutOnCall(string rotaId, string rotaName, string userName)
    {
        var userId = NewSysId();
        lock (_gate)
        {
            _users[userId] = userName;
            _rotas[rotaId] = rotaName;
            if (!_onCall.TryGetValue(rotaId, out var members))
            {
                _onCall[rotaId] = members = [];
            }

            members.Add(userId);
        }

        return userId;
    }

    /// <summary>
    /// Enforces a ServiceNow rate limit rule for a single user on the Table API: past <paramref name="permitsPerHour"/>
    /// calls by the fake's user in an hour, a call gets 429 with Retry-After, the <c>X-RateLimit-*</c> headers and
    /// ServiceNow's "Rate limit exceeded" error.
    /// </summary>
    /// <param name="permitsPerHour">The rule's requests per hour.</param>
    /// <param name="time">The clock the hours run on.</param>
    public void LimitPerUser(int permitsPerHour, TimeProvider time)
    {
        var limit = new DestinationRateLimit(time);
        limit.Enable(permitsPerHour, TimeSpan.FromHours(1));
        _userLimit = new UserLimit(limit, permitsPerHour, time, NewSysId());
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>ServiceNow's error envelope.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="message">error.message.</param>
    /// <param name="detail">error.detail.</param>
    /// <returns>The response.</returns>
    public static FakeResponse Error(int status, string message, string? detail = null) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["detail"] = detail }, ["status"] = "failure" }.ToJsonString());

    private static FakeResponse Result(JsonNode result, int status = 200) => new(status, new JsonObject { ["result"] = result }.ToJsonString());

    private static string NewSysId() => Guid.NewGuid().ToString("N");

    private static Dictionary<string, string> Query(FakeRequest request) =>
        request.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty, StringComparer.Ordinal);

    // A string field of a body; ServiceNow coerces or ignores other values, and the adapter sends only strings.
    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static JsonObject Fields(FakeServiceNowIncident incident, FakeRequest request)
    {
        var all = new JsonObject
        {
            ["sys_id"] = incident.SysId,
            ["number"] = incident.Number,
            ["short_description"] = incident.ShortDescription,
            ["incident_state"] = incident.IncidentState,
            ["state"] = incident.IncidentState,
            ["close_code"] = incident.CloseCode,
            ["correlation_id"] = incident.CorrelationId,
        };
        if (!Query(request).TryGetValue("sysparm_fields", out var wanted))
        {
            return all;
        }

        var picked = new JsonObject();
        foreach (var name in wanted.Split(','))
        {
            picked[name] = all[name]?.DeepClone() ?? string.Empty;
        }

        return picked;
    }

    // What ServiceNow checks before a handler looks at the call; the rate limit counts only authenticated calls.
    private Func<FakeRequest, FakeResponse> Guarded(Func<FakeRequest, FakeResponse> handler, bool jsonBody = false, bool tableApi = true) => request =>
    {
        if (!string.Equals(request.Header("Authorization"), _authorization, StringComparison.Ordinal))
        {
            return Error(401, "User Not Authenticated", "Required to provide Auth information");
        }

        if (tableApi && _userLimit is { } limit && limit.Windows.Refuse(Username) is { } wait)
        {
            var body = Error(429, "Rate limit exceeded", $"Rate limit of {limit.PermitsPerHour} requests per hour for Table API exceeded").Body;
            var reset = limit.Time.GetUtcNow().Add(wait).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            return FakeResponse.TooManyRequests(wait, body, ("X-RateLimit-Limit", limit.PermitsPerHour.ToString(CultureInfo.InvariantCulture)), ("X-RateLimit-Reset", reset), ("X-RateLimit-Rule", limit.RuleId));
        }

        if (request.Header("Accept")?.Contains("application/json", StringComparison.Ordinal) != true)
        {
            return Error(406, "Not Acceptable", "Unsupported Accept header; expected application/json");
        }

        if (jsonBody && (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true || !FakeJson.TryParseObject(request.Body, out _)))
        {
            return Error(400, "Exception while reading request", "The payload is not valid JSON.");
        }

        if (request.Method == "POST")
        {
            // Outside the lock: lets two creations be in flight at once.
            CreationBarrier?.SignalAndWait(TimeSpan.FromSeconds(10));
        }

        lock (_gate)
        {
            return handler(request);
        }
    };

    private void MapRoutes()
    {
        Server.Map("GET", IncidentsPath, Guarded(ListIncidents));
        Server.Map("POST", IncidentsPath, Guarded(CreateIncident, jsonBody: true));
        Server.Map("PATCH", IncidentPath.Matches, Guarded(request => UpdateIncident(request, IncidentPath.Id(request.Path)), jsonBody: true));
        Server.Map("GET", JournalPath, Guarded(ListJournalEntries));
        Server.Map("GET", WhoIsOnCallPath, Guarded(WhoIsOnCall, tableApi: false));
        Server.Map("GET", UserPath.Matches, Guarded(request => Record(request, _users, UserPath.Id(request.Path), "user_name")));
        Server.Map("GET", RotaPath.Matches, Guarded(request => Record(request, _rotas, RotaPath.Id(request.Path), "name")));
    }

    private FakeResponse ListIncidents(FakeRequest request)
    {
        var query = Query(request);
        IEnumerable<FakeServiceNowIncident> matching = _incidents;
        foreach (var term in query.GetValueOrDefault("sysparm_query", string.Empty).Split('^', StringSplitOptions.RemoveEmptyEntries))
        {
            if (term.StartsWith("correlation_id=", StringComparison.Ordinal))
            {
                matching = _incidentsByCorrelation.GetValueOrDefault(term["correlation_id=".Length..]) ?? [];
            }
            else if (term is not ("ORDERBYsys_created_on" or "ORDERBYnumber"))
            {
                // Real instances ignore unknown terms (and may then return every record); the fake refuses them to catch mistakes.
                return Error(400, "Invalid query", $"The fake does not understand the query term '{term}'");
            }
        }

        var limit = int.Parse(query.GetValueOrDefault("sysparm_limit", "10000"), CultureInfo.InvariantCulture);
        // Creation order is both sys_created_on and number order here.
        return Result(new JsonArray([.. matching.Take(limit).Select(i => (JsonNode)Fields(i, request))]));
    }

    // The journal holds every table's work notes and comments; the fake keeps only incident work notes, so it asks that
    // the query names the table, the record (element_id, indexed) and the field, as the adapter's does.
    private FakeResponse ListJournalEntries(FakeRequest request)
    {
        var query = Query(request);
        var terms = new Dictionary<string, string>(StringComparer.Ordinal);
        string? contains = null;
        foreach (var term in query.GetValueOrDefault("sysparm_query", string.Empty).Split('^', StringSplitOptions.RemoveEmptyEntries))
        {
            if (term.StartsWith("valueLIKE", StringComparison.Ordinal))
            {
                contains = term["valueLIKE".Length..];
            }
            else if (term.Split('=', 2) is [("name" or "element_id" or "element") and var field, var value])
            {
                terms[field] = value;
            }
            else
            {
                return Error(400, "Invalid query", $"The fake does not understand the query term '{term}'");
            }
        }

        if (terms.GetValueOrDefault("name") != "incident" || terms.GetValueOrDefault("element") != "work_notes" || !terms.TryGetValue("element_id", out var sysId))
        {
            return Error(400, "Invalid query", "The fake answers name=incident^element_id=<sys_id>^element=work_notes[^valueLIKE<text>] only");
        }

        var entries = (_incidentsById.GetValueOrDefault(sysId)?.WorkNoteEntries ?? [])
            .Where(e => contains is null || e.Value.Contains(contains, StringComparison.OrdinalIgnoreCase));
        var limit = int.Parse(query.GetValueOrDefault("sysparm_limit", "10000"), CultureInfo.InvariantCulture);
        var wanted = query.TryGetValue("sysparm_fields", out var fields) ? fields.Split(',') : ["sys_id", "name", "element", "element_id", "value"];
        var result = new JsonArray();
        foreach (var (entryId, value) in entries.Take(limit))
        {
            var all = new JsonObject { ["sys_id"] = entryId, ["name"] = "incident", ["element"] = "work_notes", ["element_id"] = sysId, ["value"] = value };
            var picked = new JsonObject();
            foreach (var name in wanted)
            {
                picked[name] = all[name]?.DeepClone() ?? string.Empty;
            }

            result.Add(picked);
        }

        return Result(result);
    }

    private FakeResponse CreateIncident(FakeRequest request)
    {
        var body = JsonNode.Parse(request.Body)!.AsObject();
        var incident = new FakeServiceNowIncident { SysId = NewSysId(), Number = $"INC{_nextNumber++:D7}" };
        Apply(incident, body);
        _incidents.Add(incident);
        _incidentsById[incident.SysId] = incident;
        if (incident.CorrelationId.Length > 0)
        {
            if (!_incidentsByCorrelation.TryGetValue(incident.CorrelationId, out var correlated))
            {
                _incidentsByCorrelation[incident.CorrelationId] = correlated = [];
            }

            correlated.Add(incident);
        }

        return Result(Fields(incident, request), 201) with
        {
            Kind = CallKind.Root,
            Headers = new Dictionary<string, string> { ["Location"] = $"{BaseAddress}api/now/table/incident/{incident.SysId}" },
        };
    }

    private FakeResponse UpdateIncident(FakeRequest request, string sysId)
    {
        if (!_incidentsById.TryGetValue(sysId, out var incident))
        {
            return Error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
        }

        var body = JsonNode.Parse(request.Body)!.AsObject();
        var state = Text(body, "incident_state");
        var closeCode = Text(body, "close_code");
        var closeNotes = Text(body, "close_notes");
        if ((state ?? incident.IncidentState) is "6" or "7" && ((closeCode ?? incident.CloseCode).Length == 0 || (closeNotes ?? incident.CloseNotes).Length == 0))
        {
            return Error(403, "Operation Failed", "Data Policy Exception: \n\tThe following fields are mandatory: Resolution code, Resolution notes\n");
        }

        Apply(incident, body);
        // A PATCH with nothing but work notes is one review's note; anything that moves the incident is an update.
        var kind = state is null && closeCode is null && closeNotes is null && Text(body, "work_notes") is not null ? CallKind.Reply : CallKind.Update;
        return Result(Fields(incident, request)) with { Kind = kind };
    }

    private static void Apply(FakeServiceNowIncident incident, JsonObject body)
    {
        foreach (var (name, _) in body)
        {
            if (Text(body, name) is not { } s)
            {
                continue;
            }

            switch (name)
            {
                case "short_description": incident.ShortDescription = s; break;
                case "description": incident.Description = s; break;
                case "caller_id": incident.CallerId = s; break;
                case "assigned_to": incident.AssignedTo = s; break;
                case "assignment_group": incident.AssignmentGroup = s; break;
                case "correlation_id": incident.CorrelationId = s; break;
                case "correlation_display": incident.CorrelationDisplay = s; break;
                case "incident_state": incident.IncidentState = s; break;
                case "close_code": incident.CloseCode = s; break;
                case "close_notes": incident.CloseNotes = s; break;
                case "work_notes": incident.AddWorkNote(s); break;
                default: break; // Unknown fields are ignored, as ServiceNow does.
            }
        }
    }

    private FakeResponse WhoIsOnCall(FakeRequest request)
    {
        var query = Query(request);
        if (!query.TryGetValue("date_time", out var dateTime)
            || !DateTime.TryParseExact(dateTime, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return Error(400, "Invalid date_time", "Expected yyyy-MM-dd HH:mm:ss");
        }

        _onCallQueries.Add(dateTime);
        var rotas = query.GetValueOrDefault("rota_ids", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var result = new JsonArray();
        foreach (var rota in rotas)
        {
            foreach (var userId in _onCall.GetValueOrDefault(rota) ?? [])
            {
                result.Add(new JsonObject { ["userId"] = userId, ["rotaId"] = rota, ["rosterId"] = "roster-" + rota, ["order"] = 1, ["isOverride"] = false });
            }
        }

        return Result(result);
    }

    private static FakeResponse Record(FakeRequest request, Dictionary<string, string> table, string sysId, string field)
    {
        if (Query(request).GetValueOrDefault("sysparm_fields") != field)
        {
            return Error(400, "Unexpected fields", $"The adapter should ask for sysparm_fields={field}");
        }

        return table.TryGetValue(sysId, out var value)
            ? Result(new JsonObject { [field] = value })
            : Error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
    }

    private sealed record UserLimit(DestinationRateLimit Windows, int PermitsPerHour, TimeProvider Time, string RuleId);
}
