using TeleportPlugins.Fakes;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TeleportPlugins.Adapters.ServiceNow.Tests;

/// <summary>
/// A fake of the ServiceNow REST API calls the adapter makes (Table API on incident, sys_user and cmn_rota; the on-call
/// rota API), checking the method, path, Basic auth, Accept and body as ServiceNow does and answering with its
/// <c>{"result": …}</c> shapes and <c>{"error":{"message","detail"},"status":"failure"}</c> envelope. It enforces the
/// default data policy that resolving or closing an incident needs a close code and close notes.
/// Reusable by an end-to-end harness: start it and point <c>[servicenow] url</c> at <see cref="BaseAddress"/>.
/// </summary>
public sealed partial class ServiceNowApiFake : IAsyncDisposable
{
    private readonly FakeApiServer _server;
    private readonly Lock _gate = new();
    private readonly List<FakeServiceNowIncident> _incidents = [];
    private readonly List<string> _onCallQueries = [];
    private int _nextNumber = 10001;

    private ServiceNowApiFake(FakeApiServer server, string username, string password)
    {
        _server = server;
        Username = username;
        Password = password;
        MapRoutes();
    }

    /// <summary>The user the fake accepts.</summary>
    public string Username { get; }

    /// <summary>The password the fake accepts.</summary>
    public string Password { get; }

    /// <summary>The base URL to configure as <c>[servicenow] url</c>.</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>The underlying server, for injected failures and recorded requests.</summary>
    public FakeApiServer Server => _server;

    /// <summary>sys_user records: sys_id to user_name.</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>cmn_rota records: sys_id to name.</summary>
    public Dictionary<string, string> Rotas { get; } = new(StringComparer.Ordinal);

    /// <summary>Who is on call now: rota sys_id to user sys_ids.</summary>
    public Dictionary<string, List<string>> OnCall { get; } = new(StringComparer.Ordinal);

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
    /// <returns>The running fake.</returns>
    public static async Task<ServiceNowApiFake> StartAsync(string username = "teleport-bot", string password = "sn-password-s3cr3t") =>
        new(await FakeApiServer.StartAsync(), username, password);

    /// <summary>Adds a user and puts them on call in a rota.</summary>
    /// <param name="rotaId">The rota's sys_id.</param>
    /// <param name="rotaName">The rota's name.</param>
    /// <param name="userName">The user's user_name.</param>
    /// <returns>The user's sys_id.</returns>
    public string PutOnCall(string rotaId, string rotaName, string userName)
    {
        var userId = NewSysId();
        Users[userId] = userName;
        Rotas[rotaId] = rotaName;
        if (!OnCall.TryGetValue(rotaId, out var members))
        {
            OnCall[rotaId] = members = [];
        }

        members.Add(userId);
        return userId;
    }

    /// <summary>The incident with this sys_id.</summary>
    /// <param name="sysId">The sys_id.</param>
    /// <returns>The incident.</returns>
    public FakeServiceNowIncident Incident(string sysId) => Incidents.Single(i => i.SysId == sysId);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

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

    private bool Authorized(FakeRequest request) =>
        request.Header("Authorization") == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    private void Route(string method, Regex path, Func<FakeRequest, Match, FakeResponse> handler, bool jsonBody = false) =>
        _server.Map(method, p => path.IsMatch(p), request =>
        {
            if (!Authorized(request))
            {
                return Error(401, "User Not Authenticated", "Required to provide Auth information");
            }

            if (request.Header("Accept")?.Contains("application/json", StringComparison.Ordinal) != true)
            {
                return Error(406, "Not Acceptable", "Unsupported Accept header; expected application/json");
            }

            if (jsonBody && (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true || !FakeJson.TryParseObject(request.Body, out _)))
            {
                return Error(400, "Exception while reading request", "The payload is not valid JSON.");
            }

            if (method == "POST")
            {
                // Outside the lock: lets two creations be in flight at once.
                CreationBarrier?.SignalAndWait(TimeSpan.FromSeconds(10));
            }

            lock (_gate)
            {
                return handler(request, path.Match(request.Path));
            }
        });

    private void MapRoutes()
    {
        Route("GET", IncidentsPath(), (request, _) => ListIncidents(request));
        Route("POST", IncidentsPath(), (request, _) => CreateIncident(request), jsonBody: true);
        Route("PATCH", IncidentPath(), (request, match) => UpdateIncident(request, match.Groups["id"].Value), jsonBody: true);
        Route("GET", WhoIsOnCallPath(), (request, _) => WhoIsOnCall(request));
        Route("GET", UserPath(), (request, match) => Record(request, Users, match.Groups["id"].Value, "user_name"));
        Route("GET", RotaPath(), (request, match) => Record(request, Rotas, match.Groups["id"].Value, "name"));
    }

    private FakeResponse ListIncidents(FakeRequest request)
    {
        var query = Query(request);
        IEnumerable<FakeServiceNowIncident> matching = _incidents;
        foreach (var term in query.GetValueOrDefault("sysparm_query", string.Empty).Split('^', StringSplitOptions.RemoveEmptyEntries))
        {
            if (term.StartsWith("correlation_id=", StringComparison.Ordinal))
            {
                var wanted = term["correlation_id=".Length..];
                matching = matching.Where(i => i.CorrelationId == wanted);
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

    private FakeResponse CreateIncident(FakeRequest request)
    {
        var body = JsonNode.Parse(request.Body)!.AsObject();
        var incident = new FakeServiceNowIncident { SysId = NewSysId(), Number = $"INC{_nextNumber++:D7}" };
        Apply(incident, body);
        _incidents.Add(incident);
        return Result(Fields(incident, request), 201) with
        {
            Headers = new Dictionary<string, string> { ["Location"] = $"{BaseAddress}api/now/table/incident/{incident.SysId}" },
        };
    }

    private FakeResponse UpdateIncident(FakeRequest request, string sysId)
    {
        if (_incidents.FirstOrDefault(i => i.SysId == sysId) is not { } incident)
        {
            return Error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
        }

        var body = JsonNode.Parse(request.Body)!.AsObject();
        var state = body["incident_state"]?.GetValue<string>() ?? incident.IncidentState;
        var closeCode = body["close_code"]?.GetValue<string>() ?? incident.CloseCode;
        var closeNotes = body["close_notes"]?.GetValue<string>() ?? incident.CloseNotes;
        if (state is "6" or "7" && (closeCode.Length == 0 || closeNotes.Length == 0))
        {
            return Error(403, "Operation Failed", "Data Policy Exception: \n\tThe following fields are mandatory: Resolution code, Resolution notes\n");
        }

        Apply(incident, body);
        return Result(Fields(incident, request));
    }

    private static void Apply(FakeServiceNowIncident incident, JsonObject body)
    {
        foreach (var (name, value) in body)
        {
            if (value is not JsonValue { } text || text.GetValueKind() != JsonValueKind.String)
            {
                continue; // ServiceNow coerces or ignores non-string values; the adapter sends only strings.
            }

            var s = text.GetValue<string>();
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
                case "work_notes": incident.WorkNotes.Add(s); break;
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
            foreach (var userId in OnCall.GetValueOrDefault(rota) ?? [])
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

    [GeneratedRegex("^/api/now/table/incident$")]
    private static partial Regex IncidentsPath();

    [GeneratedRegex("^/api/now/table/incident/(?<id>[^/]+)$")]
    private static partial Regex IncidentPath();

    [GeneratedRegex("^/api/now/on_call_rota/whoisoncall$")]
    private static partial Regex WhoIsOnCallPath();

    [GeneratedRegex("^/api/now/table/sys_user/(?<id>[^/]+)$")]
    private static partial Regex UserPath();

    [GeneratedRegex("^/api/now/table/cmn_rota/(?<id>[^/]+)$")]
    private static partial Regex RotaPath();
}
