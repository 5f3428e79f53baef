using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes.PagerDuty;

/// <summary>
/// A lean PagerDuty REST API v2 with one service: the start-up check (abilities), the service look-up by name,
/// incidents, notes and resolving. <c>Token token=</c> auth, <c>From</c> naming the one user on writes; PagerDuty's
/// <c>{"error":{"message","code","errors"}}</c> refusals. As PagerDuty does, it refuses (400) a second open incident
/// with the same <c>incident_key</c> on the service; the adapter then finds the open one with
/// <c>GET /incidents?incident_key=</c>, so a repeated create ends on the first incident.
/// </summary>
internal sealed class PagerDutyLoadTool : LeanLoadTool
{
    private const string ApiKey = "pagerduty-load-key";
    private const string UserEmail = "load-bot@example.com";
    private const string NotifyServiceAnnotation = "pagerduty_notify_service";
    private const string ServiceName = "Teleport Load";
    private const string ServiceId = "PLOAD01";
    private const int MaxLimit = 100;

    private static readonly PathTemplate IncidentPath = new("/incidents/{id}");
    private static readonly PathTemplate NotesPath = new("/incidents/{id}/notes");
    private static readonly object Abilities = new { abilities = new[] { "teams", "urgencies" } };
    private static readonly object Service = new
    {
        id = ServiceId,
        type = "service",
        name = ServiceName,
        summary = ServiceName,
        status = "active",
        escalation_policy = new { id = "PLOADEP", type = "escalation_policy_reference" },
    };

    // Incident ID to its incident_key, and the open incident of each key (an incident leaves it when resolved).
    private readonly ConcurrentDictionary<string, string> _keyOf = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _openByKey = new(StringComparer.Ordinal);
    private long _lastIncident;
    private long _lastNote;

    /// <summary>Maps the API on a started fake.</summary>
    /// <param name="server">The fake, named after the adapter.</param>
    public PagerDutyLoadTool(FakeApiServer server)
        : base("pagerduty", server)
    {
        var routes = new AuthenticatedRoutes(server, "Authorization", "Token token=" + ApiKey, Error(401, 2006, "Authentication failed"));
        routes.Map("GET", "/abilities", _ => FakeResponse.JsonBody(CallKind.Read, Abilities));
        routes.Map("GET", "/services", ListServices);
        routes.Map("GET", "/incidents", ListIncidents);
        routes.Map("POST", "/incidents", CreateIncident);
        routes.Map("PUT", IncidentPath, UpdateIncident);
        routes.Map("POST", NotesPath, AddNote);
    }

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [pagerduty]
        api_key = "{ApiKey}"
        user_email = "{UserEmail}"
        api_url = "{Server.BaseAddress}"
        """;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, IReadOnlyList<string>> RequestAnnotations { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [NotifyServiceAnnotation] = [ServiceName] };

    private static FakeResponse Error(int status, int code, string message, string? error = null) =>
        FakeResponse.JsonBody(CallKind.Read, new { error = new { message, code, errors = error is null ? [] : new[] { error } } }, status);

    private static FakeResponse Invalid(string error) => Error(400, 2001, "Invalid Input Provided", error);

    private static FakeResponse NotFound() => Error(404, 2100, "Not Found");

    private static object Incident(string id, string key, string status) => new
    {
        id,
        type = "incident",
        status,
        incident_key = key,
        service = new { id = ServiceId, type = "service_reference" },
        html_url = $"https://load.pagerduty.example/incidents/{id}",
    };

    // A page of a classic offset-paginated list; everything fits on the first page.
    private static FakeResponse Page(FakeRequest request, string name, object[] all)
    {
        var limit = int.TryParse(request.QueryValue("limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 25;
        var offset = int.TryParse(request.QueryValue("offset"), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        if (limit is < 1 or > MaxLimit)
        {
            return Invalid($"limit must be between 1 and {MaxLimit}");
        }

        var page = offset == 0 ? all : [];
        return FakeResponse.JsonBody(CallKind.Read, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [name] = page,
            ["limit"] = limit,
            ["offset"] = offset,
            ["more"] = false,
            ["total"] = null,
        });
    }

    // PagerDuty needs From to name a user of the account on every write.
    private static FakeResponse? RefuseWriter(FakeRequest request) =>
        string.Equals(request.Header("From"), UserEmail, StringComparison.OrdinalIgnoreCase) ? null : Invalid("Requester User Not Found");

    private static FakeResponse ListServices(FakeRequest request) =>
        Page(request, "services", ServiceName.Contains(request.QueryValue("query") ?? string.Empty, StringComparison.OrdinalIgnoreCase) ? [Service] : []);

    private FakeResponse ListIncidents(FakeRequest request)
    {
        // Only open incidents are kept by key; the adapter asks for statuses[]=triggered&statuses[]=acknowledged.
        var statuses = request.QueryValue("statuses[]");
        var asksOpen = statuses is null || statuses.Contains("triggered", StringComparison.Ordinal);
        var open = asksOpen && request.QueryValue("incident_key") is { } key && _openByKey.TryGetValue(key, out var id)
            ? new[] { Incident(id, key, "triggered") }
            : [];
        return Page(request, "incidents", open);
    }

    private FakeResponse CreateIncident(FakeRequest request)
    {
        if (RefuseWriter(request) is { } refusal)
        {
            return refusal;
        }

        using var json = FakeJson.ParseObject(request.Body);
        var incident = json is null ? default : FakeJson.Field(json.RootElement, "incident");
        var service = FakeJson.Field(incident, "service");
        var body = FakeJson.Field(incident, "body");
        if (FakeJson.Text(incident, "type") != "incident" || string.IsNullOrEmpty(FakeJson.Text(incident, "title"))
            || FakeJson.Text(service, "type") != "service_reference"
            || (body.ValueKind != JsonValueKind.Undefined && FakeJson.Text(body, "type") != "incident_body"))
        {
            return Invalid("incident needs type incident, a title, a service_reference and an incident_body");
        }

        if (FakeJson.Text(service, "id") != ServiceId)
        {
            return Invalid("Service Not Found");
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"PL{Interlocked.Increment(ref _lastIncident):D6}");
        var key = FakeJson.Text(incident, "incident_key") ?? id;
        if (!_openByKey.TryAdd(key, id))
        {
            return Invalid($"Open incident with key '{key}' already exists on this service");
        }

        _keyOf[id] = key;
        return FakeResponse.JsonBody(CallKind.Root, new { incident = Incident(id, key, "triggered") }, 201);
    }

    private FakeResponse UpdateIncident(FakeRequest request, string id)
    {
        if (RefuseWriter(request) is { } refusal)
        {
            return refusal;
        }

        if (!_keyOf.TryGetValue(id, out var key))
        {
            return NotFound();
        }

        using var json = FakeJson.ParseObject(request.Body);
        var incident = json is null ? default : FakeJson.Field(json.RootElement, "incident");
        var status = FakeJson.Text(incident, "status");
        if (FakeJson.Text(incident, "type") is not ("incident_reference" or "incident") || status is not ("resolved" or "acknowledged"))
        {
            return Invalid("incident needs type incident_reference and a status");
        }

        if (status == "resolved")
        {
            _openByKey.TryRemove(KeyValuePair.Create(key, id));
        }

        return FakeResponse.JsonBody(CallKind.Update, new { incident = Incident(id, key, status) });
    }

    private FakeResponse AddNote(FakeRequest request, string id)
    {
        if (RefuseWriter(request) is { } refusal)
        {
            return refusal;
        }

        if (!_keyOf.ContainsKey(id))
        {
            return NotFound();
        }

        using var json = FakeJson.ParseObject(request.Body);
        if ((json is null ? null : FakeJson.Text(FakeJson.Field(json.RootElement, "note"), "content")) is not { Length: > 0 } content)
        {
            return Invalid("note.content is required");
        }

        var note = new
        {
            id = string.Create(CultureInfo.InvariantCulture, $"PN{Interlocked.Increment(ref _lastNote):D6}"),
            content,
            created_at = "2026-11-21T12:00:00Z",
            user = new { id = "PLOADBOT", type = "user_reference" },
        };
        return FakeResponse.JsonBody(NoteKinds.Of(content), new { note });
    }
}
