using TeleportPlugins.Fakes;
using System.Collections.Specialized;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Web;

namespace TeleportPlugins.Adapters.PagerDuty.Tests;

/// <summary>
/// A fake of the PagerDuty REST API v2 on <see cref="FakeApiServer"/>. It checks what PagerDuty checks (the
/// <c>Token token=</c> key, the versioned Accept header, <c>From</c> naming a known user on writes, the JSON body of
/// each write), answers with PagerDuty's shapes and error envelope, paginates by limit/offset, and refuses a second
/// open incident with the same <c>incident_key</c> on a service, as PagerDuty does.
/// </summary>
public sealed partial class PagerDutyApiFake : IAsyncDisposable
{
    /// <summary>The Accept header PagerDuty's v2 clients send.</summary>
    public const string Accept = "application/vnd.pagerduty+json;version=2";

    private readonly Lock _gate = new();
    private readonly string _apiKey;
    private readonly List<(string Id, string Name, string PolicyId)> _services = [];
    private readonly List<(string Id, string Name, string Email)> _users = [];
    private readonly List<(string UserId, string PolicyId, int Level)> _onCalls = [];
    private readonly List<FakePagerDutyIncident> _incidents = [];
    private int _nextId;

    private PagerDutyApiFake(FakeApiServer server, string apiKey)
    {
        Server = server;
        _apiKey = apiKey;
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
    /// <returns>The running fake.</returns>
    public static async Task<PagerDutyApiFake> StartAsync(string apiKey, string botEmail)
    {
        var fake = new PagerDutyApiFake(await FakeApiServer.StartAsync(), apiKey);
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
            return id;
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

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static FakeResponse Error(int status, int code, string message, params string[] errors) =>
        FakeResponse.JsonBody(new { error = new { message, code, errors } }, status);

    private string NewId(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{++_nextId:D5}");

    private void MapRoutes()
    {
        Server.Map("GET", "/abilities", request => Guard(request, write: false) ?? FakeResponse.JsonBody(new { abilities = new[] { "teams", "urgencies" } }));
        Server.Map("GET", "/services", request => Guard(request, write: false) ?? ListServices(request));
        Server.Map("GET", "/users", request => Guard(request, write: false) ?? ListUsers(request));
        Server.Map("GET", "/oncalls", request => Guard(request, write: false) ?? ListOnCalls(request));
        Server.Map("GET", "/incidents", request => Guard(request, write: false) ?? ListIncidents(request));
        Server.Map("POST", "/incidents", request => Guard(request, write: true) ?? CreateIncident(request));
        Server.Map("PUT", p => IncidentPath().IsMatch(p), request => Guard(request, write: true) ?? UpdateIncident(request));
        Server.Map("POST", p => NotesPath().IsMatch(p), request => Guard(request, write: true) ?? AddNote(request));
    }

    // What PagerDuty checks before looking at a request at all.
    private FakeResponse? Guard(FakeRequest request, bool write)
    {
        if (request.Header("Authorization") != $"Token token={_apiKey}")
        {
            return Error(401, 2006, "Authentication failed");
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
            return Error(400, 2001, "Invalid Input Provided", "Content-Type must be application/json");
        }

        var from = request.Header("From");
        lock (_gate)
        {
            if (from is null || !_users.Any(u => string.Equals(u.Email, from, StringComparison.OrdinalIgnoreCase)))
            {
                return Error(400, 2001, "Invalid Input Provided", "Requester User Not Found");
            }
        }

        return null;
    }

    private FakeResponse Page<T>(FakeRequest request, string name, IReadOnlyList<T> all)
    {
        var query = HttpUtility.ParseQueryString(request.Query);
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 25;
        var offset = int.TryParse(query["offset"], CultureInfo.InvariantCulture, out var o) ? o : 0;
        if (limit is < 1 or > 100 || offset < 0)
        {
            return Error(400, 2001, "Invalid Input Provided", "limit must be 1..100, offset non-negative");
        }

        var size = Math.Min(limit, PageSize);
        var page = all.Skip(offset).Take(size).ToList();
        return FakeResponse.JsonBody(new Dictionary<string, object?>
        {
            [name] = page,
            ["limit"] = limit,
            ["offset"] = offset,
            ["more"] = offset + page.Count < all.Count,
            ["total"] = null,
        });
    }

    private FakeResponse ListServices(FakeRequest request)
    {
        var q = HttpUtility.ParseQueryString(request.Query)["query"] ?? string.Empty;
        lock (_gate)
        {
            var matches = _services.Where(s => s.Name.Contains(q, StringComparison.OrdinalIgnoreCase))
                .Select(s => new { id = s.Id, type = "service", summary = s.Name, name = s.Name, status = "active", escalation_policy = new { id = s.PolicyId, type = "escalation_policy_reference" } })
                .ToList();
            return Page(request, "services", matches);
        }
    }

    private FakeResponse ListUsers(FakeRequest request)
    {
        var q = HttpUtility.ParseQueryString(request.Query)["query"] ?? string.Empty;
        lock (_gate)
        {
            var matches = _users.Where(u => u.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || u.Email.Contains(q, StringComparison.OrdinalIgnoreCase))
                .Select(u => new { id = u.Id, type = "user", summary = u.Name, name = u.Name, email = u.Email, role = "user" })
                .ToList();
            return Page(request, "users", matches);
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
                    user = new { id = c.UserId, type = "user_reference", summary = _users.First(u => u.Id == c.UserId).Name },
                    start = (string?)null,
                    end = (string?)null,
                })
                .ToList();
            return Page(request, "oncalls", matches);
        }
    }

    private FakeResponse ListIncidents(FakeRequest request)
    {
        var query = HttpUtility.ParseQueryString(request.Query);
        var key = query["incident_key"];
        var statuses = Values(query, "statuses[]");
        lock (_gate)
        {
            var matches = _incidents
                .Where(i => (key is null || i.IncidentKey == key) && (statuses.Count == 0 || statuses.Contains(i.Status)))
                .Select(Render)
                .ToList();
            return Page(request, "incidents", matches);
        }
    }

    private FakeResponse CreateIncident(FakeRequest request)
    {
        if (!FakeJson.TryParseObject(request.Body, out var root) || !root.TryGetProperty("incident", out var incident))
        {
            return Error(400, 2001, "Invalid Input Provided", "incident is required");
        }

        var type = FakeJson.Text(incident, "type");
        var title = FakeJson.Text(incident, "title");
        var key = FakeJson.Text(incident, "incident_key");
        var serviceId = incident.TryGetProperty("service", out var service) && FakeJson.Text(service, "type") == "service_reference" ? FakeJson.Text(service, "id") : null;
        var details = incident.TryGetProperty("body", out var body) && FakeJson.Text(body, "type") == "incident_body" ? FakeJson.Text(body, "details") : null;
        if (type != "incident" || string.IsNullOrEmpty(title) || serviceId is null || details is null || string.IsNullOrEmpty(key))
        {
            return Error(400, 2001, "Invalid Input Provided", "incident needs type=incident, title, service (service_reference), body (incident_body) and incident_key");
        }

        lock (_gate)
        {
            if (!_services.Any(s => s.Id == serviceId))
            {
                return Error(400, 2001, "Invalid Input Provided", "Service Not Found");
            }

            if (_incidents.Any(i => i.IncidentKey == key && i.ServiceId == serviceId && i.Status != "resolved"))
            {
                return Error(400, 2001, "Invalid Input Provided", $"Open incident with key '{key}' already exists on this service");
            }

            var created = new FakePagerDutyIncident(NewId("PI"), key, title, details, serviceId, request.Header("From")!);
            _incidents.Add(created);
            return FakeResponse.JsonBody(new { incident = Render(created) }, 201);
        }
    }

    private FakeResponse UpdateIncident(FakeRequest request)
    {
        var id = IncidentPath().Match(request.Path).Groups[1].Value;
        if (!FakeJson.TryParseObject(request.Body, out var root) || !root.TryGetProperty("incident", out var incident)
            || FakeJson.Text(incident, "type") is not ("incident_reference" or "incident") || FakeJson.Text(incident, "status") is not ("resolved" or "acknowledged"))
        {
            return Error(400, 2001, "Invalid Input Provided", "incident needs type incident_reference and a status");
        }

        lock (_gate)
        {
            var found = _incidents.FirstOrDefault(i => i.Id == id);
            if (found is null)
            {
                return Error(404, 2100, "Not Found");
            }

            found.Status = FakeJson.Text(incident, "status")!;
            return FakeResponse.JsonBody(new { incident = Render(found) });
        }
    }

    private FakeResponse AddNote(FakeRequest request)
    {
        var id = NotesPath().Match(request.Path).Groups[1].Value;
        if (!FakeJson.TryParseObject(request.Body, out var root) || !root.TryGetProperty("note", out var note) || string.IsNullOrEmpty(FakeJson.Text(note, "content")))
        {
            return Error(400, 2001, "Invalid Input Provided", "note.content is required");
        }

        lock (_gate)
        {
            var found = _incidents.FirstOrDefault(i => i.Id == id);
            if (found is null)
            {
                return Error(404, 2100, "Not Found");
            }

            found.Notes.Add(FakeJson.Text(note, "content")!);
            return FakeResponse.JsonBody(new { note = new { id = NewId("PN"), content = FakeJson.Text(note, "content"), created_at = "2026-11-21T12:00:00Z", user = new { id = "PU00001", type = "user_reference" } } });
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

    [GeneratedRegex("^/incidents/([A-Z0-9]+)$")]
    private static partial Regex IncidentPath();

    [GeneratedRegex("^/incidents/([A-Z0-9]+)/notes$")]
    private static partial Regex NotesPath();
}
