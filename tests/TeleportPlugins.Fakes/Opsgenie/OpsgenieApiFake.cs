using System.Globalization;
using System.Text.Json;

namespace TeleportPlugins.Fakes.Opsgenie;

/// <summary>
/// A fake of the Opsgenie Alert, Heartbeat and Who-is-on-call APIs on <see cref="FakeApiServer"/>, for the adapter
/// tests, the end-to-end tests and the load tool alike. It checks the <c>GenieKey</c> header, the JSON content type
/// and each body as Opsgenie does, answering its <c>{"message","took","requestId"}</c> refusals. Alert writes answer
/// 202 with a request ID; a creation is reported through <c>GET /v2/alerts/requests/{id}</c> only after
/// <see cref="PollsBeforeProcessed"/> polls (404 "not processed yet" before). A creation whose alias has an open alert
/// is de-duplicated into it, as Opsgenie does; closing a closed alert is accepted and processed as a failure that
/// changes nothing (no second note). An alert is read by ID or alias, and its notes page by page (100 at most, by
/// offset), both indexed. Optionally it limits each request domain as Opsgenie does
/// (<see cref="LimitRequestDomains"/>).
/// </summary>
public sealed class OpsgenieApiFake : IAsyncDisposable
{
    private const int MessageLimit = 130;
    private const int AliasLimit = 512;
    private const int DescriptionLimit = 15000;
    private const string AlertDomain = "Alert";

    private static readonly PathTemplate PingPath = new("/v2/heartbeats/{id}/ping");
    private static readonly PathTemplate RequestPath = new("/v2/alerts/requests/{id}");
    private static readonly PathTemplate NotesPath = new("/v2/alerts/{id}/notes");
    private static readonly PathTemplate AlertPath = new("/v2/alerts/{id}");
    private static readonly PathTemplate ClosePath = new("/v2/alerts/{id}/close");
    private static readonly PathTemplate OnCallsPath = new("/v2/schedules/{id}/on-calls");
    private static readonly string[] Priorities = ["P1", "P2", "P3", "P4", "P5"];
    private static readonly string[] ResponderTypes = ["team", "user", "escalation", "schedule"];

    private readonly Lock _gate = new();
    private readonly string _authorization;
    private readonly List<FakeOpsgenieAlert> _alerts = [];
    private readonly Dictionary<string, FakeOpsgenieAlert> _alertsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeOpsgenieAlert> _openByAlias = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeOpsgenieAlert> _latestByAlias = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AsyncRequest> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _schedules = new(StringComparer.Ordinal);
    private volatile DomainLimit? _domainLimit;

    private OpsgenieApiFake(FakeApiServer server, string apiKey)
    {
        Server = server;
        _authorization = "GenieKey " + apiKey;
    }

    /// <summary>The underlying server: its recorded requests, counters and failure injection.</summary>
    public FakeApiServer Server { get; }

    /// <summary>The API's base URL, for the adapter's <c>api_host</c>.</summary>
    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>How many status polls of a new request answer 404 before it is processed.</summary>
    public int PollsBeforeProcessed { get; set; }

    /// <summary>When set, creations are processed as failed with this status (e.g. an invalid responder).</summary>
    public string? FailCreationsWith { get; set; }

    /// <summary>Every alert, in creation order.</summary>
    public IReadOnlyList<FakeOpsgenieAlert> Alerts
    {
        get
        {
            lock (_gate)
            {
                return [.. _alerts];
            }
        }
    }

    /// <summary>Every recorded request that is not a GET.</summary>
    public IReadOnlyList<RecordedRequest> Writes => [.. Server.Requests.Where(r => r.Method != "GET")];

    /// <summary>Starts the fake.</summary>
    /// <param name="apiKey">The only API key it accepts.</param>
    /// <param name="options">Recording (tests, the default) or counted (load runs), and the faults.</param>
    /// <returns>The running fake.</returns>
    public static async Task<OpsgenieApiFake> StartAsync(string apiKey, FakeServerOptions? options = null)
    {
        var fake = new OpsgenieApiFake(await FakeApiServer.StartAsync(options), apiKey);
        fake.MapRoutes();
        return fake;
    }

    /// <summary>Adds a schedule (or replaces who is on call in it now).</summary>
    /// <param name="name">The schedule name.</param>
    /// <param name="onCallUsers">The user names (e-mails) on call now.</param>
    public void SetSchedule(string name, params string[] onCallUsers)
    {
        lock (_gate)
        {
            _schedules[name] = [.. onCallUsers];
        }
    }

    /// <summary>Processes every accepted request now, whatever polls they were still waiting for.</summary>
    public void ProcessPending()
    {
        lock (_gate)
        {
            foreach (var (id, entry) in _requests.ToList())
            {
                _requests[id] = entry with { PollsLeft = 0 };
            }
        }
    }

    /// <summary>
    /// Limits each request domain (Alert: alert writes and request status; Heartbeat: the ping; Schedule-oncalls: who
    /// is on call) to <paramref name="permits"/> calls per <paramref name="window"/>, as Opsgenie limits each domain
    /// of an account separately. A call over the limit gets Opsgenie's 429 with <c>X-RateLimit-State: THROTTLED</c>
    /// and <c>X-RateLimit-Period-In-Sec</c> (Opsgenie documents no <c>Retry-After</c>).
    /// </summary>
    /// <param name="time">The clock the windows run on.</param>
    /// <param name="permits">Calls allowed per domain per window.</param>
    /// <param name="window">The window: Opsgenie checks one of a second and one of a minute.</param>
    /// <returns>The limit, to read its refusals.</returns>
    public DestinationRateLimit LimitRequestDomains(TimeProvider time, int permits, TimeSpan window)
    {
        var limit = new DestinationRateLimit(time);
        limit.Enable(permits, window);
        _domainLimit = new DomainLimit(limit, ((int)Math.Ceiling(window.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        return limit;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static string NewId() => Guid.NewGuid().ToString();

    private static FakeResponse Error(int status, string message) =>
        FakeResponse.JsonBody(new { message, took = 0.001, requestId = NewId() }, status);

    private static FakeResponse Unprocessable(string field, string problem) =>
        FakeResponse.JsonBody(
            new { message = "Request body is not processable. Please check the errors.", errors = new Dictionary<string, string>(StringComparer.Ordinal) { [field] = problem }, took = 0.001, requestId = NewId() },
            422);

    private static FakeResponse Accepted(CallKind kind, string requestId, string result = "Request will be processed") =>
        FakeResponse.JsonBody(kind, new { result, took = 0.012, requestId }, 202);

    private void MapRoutes()
    {
        Map("GET", PingPath, "Heartbeat", (_, name) => Accepted(CallKind.Read, NewId(), $"PONG - Heartbeat [{name}] is updated successfully"));
        Server.Map("POST", "/v2/alerts", request => Refusal(request, AlertDomain) ?? WithBody(request, CreateAlert));
        Map("GET", RequestPath, AlertDomain, (_, id) => RequestStatus(id));
        Map("GET", AlertPath, AlertDomain, GetAlert);
        Map("GET", NotesPath, AlertDomain, ListNotes);
        Map("POST", NotesPath, AlertDomain, (request, id) => AlertAction(request, id, close: false));
        Map("POST", ClosePath, AlertDomain, (request, id) => AlertAction(request, id, close: true));
        Map("GET", OnCallsPath, "Schedule-oncalls", OnCalls);
    }

    private void Map(string method, PathTemplate path, string domain, Func<FakeRequest, string, FakeResponse> handler) =>
        Server.Map(method, path.Matches, request => Refusal(request, domain) ?? handler(request, path.Id(request.Path)));

    // The key first (the limits are the account's), then the request domain's limit.
    private FakeResponse? Refusal(FakeRequest request, string domain)
    {
        if (!string.Equals(request.Header("Authorization"), _authorization, StringComparison.Ordinal))
        {
            return Error(401, "Could not authenticate");
        }

        return _domainLimit is { } limit && limit.Limit.Refuse(domain) is not null
            ? FakeResponse.Error(
                429,
                JsonSerializer.Serialize(new { message = "You are making too many requests! To avoid errors, we recommend you limit requests.", took = 0.0, requestId = NewId() }),
                ("X-RateLimit-State", "THROTTLED"),
                ("X-RateLimit-Period-In-Sec", limit.PeriodSeconds))
            : null;
    }

    private static FakeResponse WithBody(FakeRequest request, Func<JsonElement, FakeResponse> handle)
    {
        if (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return Error(415, "Unsupported Media Type");
        }

        using var json = FakeJson.ParseObject(request.Body);
        return json is null ? Error(400, "Could not parse the request body") : handle(json.RootElement);
    }

    // Responders name a team, user, escalation or schedule by id, name or username; null when one does not.
    private static List<(string Type, string? Id, string? Name)>? Responders(JsonElement responders)
    {
        if (responders.ValueKind == JsonValueKind.Undefined)
        {
            return [];
        }

        if (responders.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var list = new List<(string, string?, string?)>();
        foreach (var item in responders.EnumerateArray())
        {
            var type = FakeJson.Text(item, "type");
            var id = FakeJson.Text(item, "id");
            var name = FakeJson.Text(item, "name") ?? FakeJson.Text(item, "username");
            if (type is null || !ResponderTypes.Contains(type) || (id ?? name) is not { Length: > 0 })
            {
                return null;
            }

            list.Add((type, id, name));
        }

        return list;
    }

    private FakeResponse CreateAlert(JsonElement body)
    {
        var message = FakeJson.Text(body, "message");
        var alias = FakeJson.Text(body, "alias") ?? string.Empty;
        var description = FakeJson.Text(body, "description") ?? string.Empty;
        var priority = FakeJson.Text(body, "priority") ?? "P3";
        var responders = Responders(FakeJson.Field(body, "responders"));
        var refusal = message is not { Length: > 0 and <= MessageLimit } ? Unprocessable("message", $"Message can not be empty or longer than {MessageLimit} characters.")
            : alias.Length > AliasLimit ? Unprocessable("alias", $"Alias can not be longer than {AliasLimit} characters.")
            : description.Length > DescriptionLimit ? Unprocessable("description", $"Description can not be longer than {DescriptionLimit} characters.")
            : !Priorities.Contains(priority) ? Unprocessable("priority", "Priority should be one of P1, P2, P3, P4, P5.")
            : responders is null ? Unprocessable("responders", "Responders should name a team, user, escalation or schedule.")
            : null;
        if (refusal is not null)
        {
            return refusal;
        }

        var requestId = NewId();
        lock (_gate)
        {
            if (FailCreationsWith is { } failure)
            {
                // Accepted, then processed as failed: the call changed nothing in Opsgenie.
                _requests[requestId] = new AsyncRequest("Create", string.Empty, alias, PollsBeforeProcessed, false, failure);
                return Accepted(CallKind.Read, requestId) with { Refusal = true };
            }

            if (alias.Length > 0 && _openByAlias.TryGetValue(alias, out var open))
            {
                open.Count++;
                _requests[requestId] = new AsyncRequest("Create", open.Id, alias, PollsBeforeProcessed, true, "Alert is deduplicated");
                return Accepted(CallKind.Update, requestId);
            }

            var alert = new FakeOpsgenieAlert(NewId(), alias, message!, description, priority, responders!);
            _alerts.Add(alert);
            _alertsById[alert.Id] = alert;
            if (alias.Length > 0)
            {
                _openByAlias[alias] = alert;
                _latestByAlias[alias] = alert;
            }

            _requests[requestId] = new AsyncRequest("Create", alert.Id, alias, PollsBeforeProcessed, true, "Created alert");
            return Accepted(CallKind.Root, requestId);
        }
    }

    private FakeResponse RequestStatus(string requestId)
    {
        AsyncRequest? entry;
        lock (_gate)
        {
            if (_requests.TryGetValue(requestId, out entry) && entry.PollsLeft > 0)
            {
                _requests[requestId] = entry with { PollsLeft = entry.PollsLeft - 1 };
                entry = null;
            }
        }

        if (entry is null)
        {
            return Error(404, "Request not found. It might not be processed, yet.");
        }

        var data = new
        {
            success = entry.Success,
            action = entry.Action,
            processedAt = "2026-11-21T12:00:01.000Z",
            integrationId = "c9cec2cb-e782-4ebb-bc1d-1b2fa703cf03",
            isSuccess = entry.Success,
            status = entry.Status,
            alertId = entry.Success ? entry.AlertId : null,
            alias = entry.Alias,
        };
        return FakeResponse.JsonBody(new { data, took = 0.022, requestId });
    }

    private FakeResponse AlertAction(FakeRequest request, string identifier, bool close)
    {
        var identifierType = request.QueryValue("identifierType");
        if (identifierType is not (null or "id" or "alias" or "tiny"))
        {
            return Error(400, "identifierType must be id, alias or tiny");
        }

        return WithBody(request, body =>
        {
            var note = FakeJson.Text(body, "note");
            if (!close && string.IsNullOrEmpty(note))
            {
                return Unprocessable("note", "Note can not be empty.");
            }

            lock (_gate)
            {
                var alert = Find(identifier, identifierType);
                if (alert is null)
                {
                    // The real API accepts the request and fails it later; the fake answers at once.
                    return Error(404, "Alert does not exist");
                }

                var requestId = NewId();
                if (close && alert.Status == "closed")
                {
                    // Opsgenie accepts the call and fails the request: the alert stays as it was, without a second note.
                    _requests[requestId] = new AsyncRequest("Close", alert.Id, alert.Alias, 0, false, "Alert is already closed.");
                    return Accepted(CallKind.Read, requestId);
                }

                if (!string.IsNullOrEmpty(note))
                {
                    alert.Notes.Add(note);
                }

                if (close)
                {
                    alert.Status = "closed";
                    if (_openByAlias.GetValueOrDefault(alert.Alias) == alert)
                    {
                        _openByAlias.Remove(alert.Alias);
                    }
                }

                _requests[requestId] = close
                    ? new AsyncRequest("Close", alert.Id, alert.Alias, 0, true, "Closed alert")
                    : new AsyncRequest("AddNote", alert.Id, alert.Alias, 0, true, "Added note");
                return Accepted(close ? CallKind.Update : NoteKinds.Of(note!), requestId);
            }
        });
    }

    // An alias names its open alert, else the latest one; the fake hands out no tiny IDs. Kestrel leaves %2F encoded.
    private FakeOpsgenieAlert? Find(string identifier, string? identifierType)
    {
        var decoded = Uri.UnescapeDataString(identifier);
        return identifierType switch
        {
            null or "id" => _alertsById.GetValueOrDefault(decoded),
            "alias" => _openByAlias.GetValueOrDefault(decoded) ?? _latestByAlias.GetValueOrDefault(decoded),
            _ => null,
        };
    }

    private FakeResponse GetAlert(FakeRequest request, string identifier)
    {
        var identifierType = request.QueryValue("identifierType");
        if (identifierType is not (null or "id" or "alias" or "tiny"))
        {
            return Error(400, "identifierType must be id, alias or tiny");
        }

        lock (_gate)
        {
            if (Find(identifier, identifierType) is not { } alert)
            {
                return Error(404, "Alert does not exist");
            }

            var data = new { id = alert.Id, tinyId = "1", alias = alert.Alias, message = alert.Message, status = alert.Status, count = alert.Count, priority = alert.Priority, source = "Teleport" };
            return FakeResponse.JsonBody(new { data, took = 0.003, requestId = NewId() });
        }
    }

    // Notes page by offset (the fake's offset is the note's position, Opsgenie's an opaque string); 100 at most.
    private FakeResponse ListNotes(FakeRequest request, string identifier)
    {
        var identifierType = request.QueryValue("identifierType");
        var order = request.QueryValue("order") ?? "desc";
        var direction = request.QueryValue("direction") ?? "next";
        var limit = request.QueryValue("limit") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : 100;
        if (identifierType is not (null or "id" or "alias" or "tiny") || order is not ("asc" or "desc") || direction is not ("next" or "prev") || limit is < 1 or > 100)
        {
            return Error(400, "identifierType must be id, alias or tiny; order asc or desc; direction next or prev; limit 1 to 100");
        }

        lock (_gate)
        {
            if (Find(identifier, identifierType) is not { } alert)
            {
                return Error(404, "Alert does not exist");
            }

            var notes = alert.Notes;
            var after = request.QueryValue("offset") is { } o ? int.Parse(o, CultureInfo.InvariantCulture) : (order == "asc" ? 0 : notes.Count + 1);
            var forward = (order == "asc") == (direction == "next");
            var positions = forward
                ? Enumerable.Range(after + 1, Math.Max(0, Math.Min(limit, notes.Count - after)))
                : Enumerable.Range(Math.Max(1, after - limit), Math.Max(0, Math.Min(limit, after - 1))).Reverse();
            var page = positions.Select(p => new { note = notes[p - 1], owner = "Teleport", createdAt = "2026-11-21T12:00:00.000Z", offset = p.ToString(CultureInfo.InvariantCulture) }).ToList();
            var last = page.Count > 0 ? int.Parse(page[^1].offset, CultureInfo.InvariantCulture) : after;
            var more = forward ? last < notes.Count : last > 1;
            var basePath = $"{BaseAddress}v2/alerts/{identifier}/notes?identifierType={identifierType ?? "id"}&order={order}&limit={limit}";
            var paging = more
                ? new { next = (string?)$"{basePath}&direction={direction}&offset={last}", first = $"{basePath}&direction=next" }
                : new { next = (string?)null, first = $"{basePath}&direction=next" };
            return FakeResponse.JsonBody(new { data = page, paging, took = 0.004, requestId = NewId() });
        }
    }

    private FakeResponse OnCalls(FakeRequest request, string name)
    {
        string[]? users;
        lock (_gate)
        {
            users = _schedules.GetValueOrDefault(name);
        }

        // Without scheduleIdentifierType=name the identifier is taken as an ID, which a name never is.
        if (request.QueryValue("scheduleIdentifierType") != "name" || users is null)
        {
            return Error(404, $"No schedule exists with identifier [{name}]");
        }

        var parent = new { id = $"sched-{name.GetHashCode(StringComparison.Ordinal):x8}", name, enabled = true };
        object data = request.QueryValue("flat") == "true"
            ? new { _parent = parent, onCallRecipients = users }
            : new { _parent = parent, onCallParticipants = users.Select(u => new { id = $"user-{u}", name = u, type = "user" }) };
        return FakeResponse.JsonBody(new { data, took = 0.01, requestId = NewId() });
    }

    private sealed record AsyncRequest(string Action, string AlertId, string Alias, int PollsLeft, bool Success, string Status);

    private sealed record DomainLimit(DestinationRateLimit Limit, string PeriodSeconds);
}
