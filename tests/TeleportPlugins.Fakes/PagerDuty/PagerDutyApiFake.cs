using System.Collections.Specialized;
using System.Globalization;
using System.Text.Json;
using System.Web;

namespace TeleportPlugins.Fakes.PagerDuty;

/// <summary>
/// A fake of the PagerDuty REST API v2 on <see cref="FakeApiServer"/>, for the adapter tests, the end-to-end tests
/// and the load tool. It checks what PagerDuty checks (the <c>Token token=</c> key, the versioned Accept header,
/// <c>From</c> naming a known user on writes, the JSON body of each write), answers with PagerDuty's shapes and error
/// envelope, paginates by limit/offset, and refuses a second open incident with the same <c>incident_key</c> on a
/// service, as PagerDuty does, and resolving a resolved incident (400, code 1001 "Incident Already Resolved", as
/// PagerDuty's error list names it). An incident's notes are listed in one answer, as PagerDuty does. Each accepted write says what it did: an incident is the root, a review's note a
/// reply, the resolution note and the resolve are updates. Incidents are kept by ID and by key, so a call costs the
/// same however many came before.
/// </summary>
public sealed class PagerDutyApiFake : IAsyncDisposable
{
    /// <summary>The Accept header PagerDuty's v2 clients send.</summary>
    public const string Accept = "application/vnd.pagerduty+json;version=2";

    private const int MaxLimit = 100;
    private const int MaxOffsetPlusLimit = 10_000;
    private const string RateLimitExceeded = """{"error":{"message":"Rate Limit Exceeded","code":2020}}""";
    private static readonly PathTemplate IncidentPath = new("/incidents/{id}");
    private static readonly PathTemplate NotesPath = new("/incidents/{id}/notes");
    private static readonly PathTemplate UserPath = new("/users/{id}");
    private static readonly object Abilities = new { abilities = new[] { "teams", "urgencies" } };

    private readonly Lock _gate = new();
    private readonly string _authorization;
    private readonly List<(string Id, string Name, string PolicyId)> _services = [];
    private readonly HashSet<string> _serviceIds = new(StringComparer.Ordinal);
    private readonly List<(string Id, string Name, string Email)> _users = [];
    private readonly Dictionary<string, string> _userNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _userIdsByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string UserId, string PolicyId, int Level)> _onCalls = [];
    private readonly List<FakePagerDutyIncident> _incidents = [];
    private readonly Dictionary<string, FakePagerDutyIncident> _incidentsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FakePagerDutyIncident>> _incidentsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<(string ServiceId, string Key), FakePagerDutyIncident> _openIncidents = [];
    private volatile ApiKeyLimit? _apiKeyLimit;
    private int _nextId;

    private PagerDutyApiFake(FakeApiServer server, string apiKey)
    {
        Server = server;
        _authorization = "Token token=" + apiKey;
    }

    /// <summary>The underlying server: its recorded requests and failure injection.</summary>
    public FakeApiServer Server { get; }

    /// <summary>The API's base URL, for the adapter's <c>api_url</c>.</summary>
    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>The largest page the fake returns, whatever limit was asked (PagerDuty's default page is 25).</summary>
    public int PageSize { get; set; } = 25;

    /// <summary>Every incident, in creation order.</summary>
    public IReadOnlyList<FakePagerDutyIncident> Incidents
    {
        get
        {
            lock (_gate)
            {
                return [.. _incidents];
            }
        }
    }

    /// <summary>Every write (non-GET) request the fake received.</summary>
    public IReadOnlyList<RecordedRequest> Writes => [.. Server.Requests.Where(r => r.Method != "GET")];

    /// <summary>Starts the fake.</summary>
    /// <param name="apiKey">The only API key it accepts.</param>
    /// <param name="botEmail">A user created up front, to be used as <c>From</c>.</param>
    /// <param name="options">Recording (tests, the default) or counted (load runs), and the faults.</param>
    /// <returns>The running fake.</returns>
    public static async Task<PagerDutyApiFake> StartAsync(string apiKey, string botEmail, FakeServerOptions? options = null)
    {
        var fake = new PagerDutyApiFake(await FakeApiServer.StartAsync(options), apiKey);
        fake.AddUser("Teleport Bot", botEmail);
        fake.MapRoutes();
        return fake;
    }

    /// <summary>Adds a service with its escalation policy.</summary>
    /// <param name="name">The service name.</param>
    /// <param name="escalationPolicyId">The policy's ID.</param>
    /// <returns>The service ID.</returns>
    public string AddService(string name, string escalationPolicyId)
    {
        lock (_gate)
        {
            var id = NewId("PS");
            _services.Add((id, name, escalationPolicyId));
            _serviceIds.Add(id);
            return id;
        }
    }

    /// <summary>Adds a user.</summary>
    /// <param name="name">The display name.</param>
    /// <param name="email">The login e-mail.</param>
    /// <returns>The user ID.</returns>
    public string AddUser(string name, string email)
    {
        lock (_gate)
        {
            var id = NewId("PU");
            _users.Add((id, name, email));
            _userNames[id] = name;
            _userIdsByEmail.TryAdd(email, id);
            return id;
        }
    }

    /// <summary>Adds an incident another integration opened (a monitoring alert): its key names no Access Request.</summary>
    /// <param name="serviceId">The service.</param>
    /// <param name="incidentKey">Its incident_key.</param>
    /// <param name="createdBy">The e-mail of the user who opened it.</param>
    /// <returns>The incident.</returns>
    public FakePagerDutyIncident AddForeignIncident(string serviceId, string incidentKey, string createdBy)
    {
        lock (_gate)
        {
            var created = new FakePagerDutyIncident(NewId("PI"), incidentKey, "Disk full on db-1", null, serviceId, createdBy);
            _incidents.Add(created);
            _incidentsById[created.Id] = created;
            return created;
        }
    }

    /// <summary>Puts a user on call now in an escalation policy.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="escalationPolicyId">The policy.</param>
    /// <param name="level">The escalation level.</param>
    public void AddOnCall(string userId, string escalationPolicyId, int level = 1)
    {
        lock (_gate)
        {
            _onCalls.Add((userId, escalationPolicyId, level));
        }
    }

    /// <summary>
    /// Enforces PagerDuty's REST rate limit, which it counts per API key (960 calls a minute by default): past
    /// <paramref name="permits"/> calls in a <paramref name="window"/>, a call gets 429 with code 2020 and the
    /// <c>ratelimit-*</c> headers, the reset in seconds and no Retry-After.
    /// </summary>
    /// <param name="permits">Calls allowed per window.</param>
    /// <param name="window">The window, a minute at PagerDuty.</param>
    /// <param name="time">The clock the windows run on.</param>
    public void LimitPerApiKey(int permits, TimeSpan window, TimeProvider time)
    {
        var limit = new DestinationRateLimit(time);
        limit.Enable(permits, window);
        _apiKeyLimit = new ApiKeyLimit(limit, permits.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static FakeResponse Error(int status, int code, string message, params string[] errors) =>
        FakeResponse.JsonBody(new { error = new { message, code, errors } }, status);

    private static FakeResponse Invalid(string error) => Error(400, 2001, "Invalid Input Provided", error);

    private static FakeResponse NotFound() => Error(404, 2100, "Not Found");

    private string NewId(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{++_nextId:D5}");

    private void MapRoutes()
    {
        Server.Map("GET", "/abilities", request => Guard(request, write: false) ?? FakeResponse.JsonBody(Abilities));
        Server.Map("GET", "/services", request => Guard(request, write: false) ?? ListServices(request));
        Server.Map("GET", "/users", request => Guard(request, write: false) ?? ListUsers(request));
        Server.Map("GET", "/oncalls", request => Guard(request, write: false) ?? ListOnCalls(request));
        Server.Map("GET", "/incidents", request => Guard(request, write: false) ?? ListIncidents(request));
        Server.Map("POST", "/incidents", request => Guard(request, write: true) ?? CreateIncident(request));
        Server.Map("PUT", IncidentPath, (request, id) => Guard(request, write: true) ?? UpdateIncident(request, id));
        Server.Map("POST", NotesPath, (request, id) => Guard(request, write: true) ?? AddNote(request, id));
        Server.Map("GET", NotesPath, (request, id) => Guard(request, write: false) ?? ListNotes(id));
        Server.Map("GET", IncidentPath, (request, id) => Guard(request, write: false) ?? GetIncident(id));
        Server.Map("GET", UserPath, (request, id) => Guard(request, write: false) ?? GetUser(id));
    }

    // What PagerDuty checks before looking at a request at all; the rate limit counts only authenticated calls.
    private FakeResponse? Guard(FakeRequest request, bool write)
    {
        if (!string.Equals(request.Header("Authorization"), _authorization, StringComparison.Ordinal))
        {
            return Error(401, 2006, "Authentication failed");
        }

        if (_apiKeyLimit is { } limit && limit.Windows.Refuse(_authorization) is { } reset)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(reset.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return FakeResponse.Error(429, RateLimitExceeded, ("ratelimit-limit", limit.Permits), ("ratelimit-remaining", "0"), ("ratelimit-reset", seconds));
        }

        if (request.Header("Accept") != Accept)
        {
            return Error(400, 2001, "Invalid Input Provided", $"Accept must be {Accept}");
        }

        if (!write)
        {
            return null;
        }

        if (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return Invalid("Content-Type must be application/json");
        }

        return UserIdOf(request.Header("From")) is null ? Invalid("Requester User Not Found") : null;
    }

    private string? UserIdOf(string? email)
    {
        lock (_gate)
        {
            return email is not null && _userIdsByEmail.TryGetValue(email, out var id) ? id : null;
        }
    }

    private FakeResponse Page<T>(NameValueCollection query, string name, IReadOnlyList<T> all)
    {
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 25;
        var offset = int.TryParse(query["offset"], CultureInfo.InvariantCulture, out var o) ? o : 0;
        if (limit is < 1 or > MaxLimit || offset < 0 || offset + limit > MaxOffsetPlusLimit)
        {
            return Invalid($"limit must be 1..{MaxLimit}, offset non-negative and offset+limit at most {MaxOffsetPlusLimit}");
        }

        var size = Math.Min(limit, PageSize);
        var page = all.Skip(offset).Take(size).ToList();
        return FakeResponse.JsonBody(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [name] = page,
            ["limit"] = limit,
            ["offset"] = offset,
            ["more"] = offset + page.Count < all.Count,
            ["total"] = null,
        });
    }

    // Services, users and on-calls are the few the test or load world set up, so a filter over them stays cheap.
    private FakeResponse ListServices(FakeRequest request)
    {
        var query = HttpUtility.ParseQueryString(request.Query);
        var q = query["query"] ?? string.Empty;
        lock (_gate)
        {
            var matches = _services.Where(s => s.Name.Contains(q, StringComparison.OrdinalIgnoreCase))
                .Select(s => new { id = s.Id, type = "service", summary = s.Name, name = s.Name, status = "active", escalation_policy = new { id = s.PolicyId, type = "escalation_policy_reference" } })
                .ToList();
            return Page(query, "services", matches);
        }
    }

    private FakeResponse ListUsers(FakeRequest request)
    {
        var query = HttpUtility.ParseQueryString(request.Query);
        var q = query["query"] ?? string.Empty;
        lock (_gate)
        {
            var matches = _users.Where(u => u.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || u.Email.Contains(q, StringComparison.OrdinalIgnoreCase))
                .Select(u => new { id = u.Id, type = "user", summary = u.Name, name = u.Name, email = u.Email, role = "user" })
                .ToList();
            return Page(query, "users", matches);
        }
    }

    private FakeResponse ListOnCalls(FakeRequest request)
    {
        var query = HttpUtility.ParseQueryString(request.Query);
        var users = Values(query, "user_ids[]");
        var policies = Values(query, "escalation_policy_ids[]");
        lock (_gate)
        {
            var matches = _onCalls
                .Where(c => (users.Count == 0 || users.Contains(c.UserId)) && (policies.Count == 0 || policies.Contains(c.PolicyId)))
                .Select(c => new
                {
                    escalation_policy = new { id = c.PolicyId, type = "escalation_policy_reference" },
                    escalation_level = c.Level,
                    schedule = (object?)null,
                    user = new { id = c.UserId, type = "user_reference", summary = _userNames[c.UserId] },
                    start = (string?)null,
                    end = (string?)null,
                })
                .ToList();
            return Page(query, "oncalls", matches);
        }
    }

    // The adapter always asks by incident_key, which is indexed; only a test's list of everything walks all incidents.
    private FakeResponse ListIncidents(FakeRequest request)
    {
        var query = HttpUtility.ParseQueryString(request.Query);
        var key = query["incident_key"];
        var statuses = Values(query, "statuses[]");
        lock (_gate)
        {
            var candidates = key is null ? _incidents : _incidentsByKey.GetValueOrDefault(key) ?? [];
            var matches = candidates.Where(i => statuses.Count == 0 || statuses.Contains(i.Status)).Select(Render).ToList();
            return Page(query, "incidents", matches);
        }
    }

    private FakeResponse CreateIncident(FakeRequest request)
    {
        using var json = FakeJson.ParseObject(request.Body);
        var incident = json is null ? default : FakeJson.Field(json.RootElement, "incident");
        var title = FakeJson.Text(incident, "title");
        var service = FakeJson.Field(incident, "service");
        var serviceId = FakeJson.Text(service, "id");
        var body = FakeJson.Field(incident, "body");
        // Only type, title and service are required; a body, when sent, must be an incident_body.
        if (FakeJson.Text(incident, "type") != "incident" || string.IsNullOrEmpty(title)
            || FakeJson.Text(service, "type") != "service_reference" || serviceId is null
            || (body.ValueKind != JsonValueKind.Undefined && FakeJson.Text(body, "type") != "incident_body"))
        {
            return Invalid("incident needs type incident, a title, a service (service_reference) and, if any, an incident_body");
        }

        lock (_gate)
        {
            if (!_serviceIds.Contains(serviceId))
            {
                return Invalid("Service Not Found");
            }

            var id = NewId("PI");
            // PagerDuty makes up a key when the call brings none.
            var key = FakeJson.Text(incident, "incident_key") is { Length: > 0 } given ? given : id;
            if (_openIncidents.ContainsKey((serviceId, key)))
            {
                return Invalid($"Open incident with key '{key}' already exists on this service");
            }

            var created = new FakePagerDutyIncident(id, key, title, FakeJson.Text(body, "details"), serviceId, request.Header("From")!);
            _incidents.Add(created);
            _incidentsById[id] = created;
            _openIncidents[(serviceId, key)] = created;
            if (!_incidentsByKey.TryGetValue(key, out var sameKey))
            {
                _incidentsByKey[key] = sameKey = [];
            }

            sameKey.Add(created);
            return FakeResponse.JsonBody(CallKind.Root, new { incident = Render(created) }, 201);
        }
    }

    private FakeResponse UpdateIncident(FakeRequest request, string id)
    {
        using var json = FakeJson.ParseObject(request.Body);
        var incident = json is null ? default : FakeJson.Field(json.RootElement, "incident");
        var status = FakeJson.Text(incident, "status");
        if (FakeJson.Text(incident, "type") is not ("incident_reference" or "incident") || status is not ("resolved" or "acknowledged"))
        {
            return Invalid("incident needs type incident_reference and a status");
        }

        lock (_gate)
        {
            if (!_incidentsById.TryGetValue(id, out var found))
            {
                return NotFound();
            }

            if (status == "resolved" && found.Status == "resolved")
            {
                return Error(400, 1001, "Incident Already Resolved");
            }

            found.Status = status;
            if (status == "resolved")
            {
                _openIncidents.Remove((found.ServiceId, found.IncidentKey));
            }

            return FakeResponse.JsonBody(CallKind.Update, new { incident = Render(found) });
        }
    }

    private FakeResponse AddNote(FakeRequest request, string id)
    {
        using var json = FakeJson.ParseObject(request.Body);
        if ((json is null ? null : FakeJson.Text(FakeJson.Field(json.RootElement, "note"), "content")) is not { Length: > 0 } content)
        {
            return Invalid("note.content is required");
        }

        lock (_gate)
        {
            if (!_incidentsById.TryGetValue(id, out var found))
            {
                return NotFound();
            }

            var noteId = NewId("PN");
            found.AddNote(noteId, content);
            var note = new
            {
                id = noteId,
                content,
                created_at = "2026-11-21T12:00:00Z",
                user = new { id = _userIdsByEmail[request.Header("From")!], type = "user_reference" },
            };
            return FakeResponse.JsonBody(NoteKinds.Of(content), new { note });
        }
    }

    private FakeResponse ListNotes(string id)
    {
        lock (_gate)
        {
            if (!_incidentsById.TryGetValue(id, out var found))
            {
                return NotFound();
            }

            var notes = found.NotesWithIds.Select(n => new
            {
                id = n.Id,
                content = n.Content,
                created_at = "2026-11-21T12:00:00Z",
                user = new { id = _userIdsByEmail[found.CreatedBy], type = "user_reference" },
                channel = new { summary = "The PagerDuty REST API" },
            });
            return FakeResponse.JsonBody(new { notes });
        }
    }

    private FakeResponse GetIncident(string id)
    {
        lock (_gate)
        {
            return _incidentsById.TryGetValue(id, out var found) ? FakeResponse.JsonBody(new { incident = Render(found) }) : NotFound();
        }
    }

    private FakeResponse GetUser(string id)
    {
        lock (_gate)
        {
            return _users.FirstOrDefault(u => u.Id == id) is { Id: not null } user
                ? FakeResponse.JsonBody(new { user = new { id = user.Id, type = "user", summary = user.Name, name = user.Name, email = user.Email, role = "user" } })
                : NotFound();
        }
    }

    private static object Render(FakePagerDutyIncident i) => new
    {
        id = i.Id,
        type = "incident",
        title = i.Title,
        status = i.Status,
        incident_key = i.IncidentKey,
        service = new { id = i.ServiceId, type = "service_reference" },
        html_url = $"https://example.pagerduty.com/incidents/{i.Id}",
    };

    private static HashSet<string> Values(NameValueCollection query, string name) => [.. query.GetValues(name) ?? []];

    private sealed record ApiKeyLimit(DestinationRateLimit Windows, string Permits);
}
