using TeleportPlugins.Fakes;
using System.Text.RegularExpressions;
using System.Web;

namespace TeleportPlugins.Adapters.Opsgenie.Tests;

/// <summary>
/// A fake of the Opsgenie Alert and Schedule APIs on <see cref="FakeApiServer"/>. It checks the
/// <c>GenieKey</c> header and each body as Opsgenie does, answers alert writes with 202 and a request ID, reports
/// a creation through <c>GET /v2/alerts/requests/{id}</c> only after <see cref="PollsBeforeProcessed"/> polls (404
/// "not processed yet" before), and de-duplicates creations by alias into the open alert, as Opsgenie does.
/// </summary>
public sealed partial class OpsgenieApiFake : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly string _apiKey;
    private readonly List<FakeOpsgenieAlert> _alerts = [];
    private readonly Dictionary<string, (string AlertId, string Alias, int PollsLeft, bool Success, string Status)> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _schedules = new(StringComparer.Ordinal);

    private OpsgenieApiFake(FakeApiServer server, string apiKey)
    {
        Server = server;
        _apiKey = apiKey;
    }

    /// <summary>The underlying server: its recorded requests and failure injection.</summary>
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

    /// <summary>Every request that is not a GET.</summary>
    public IReadOnlyList<RecordedRequest> Writes => [.. Server.Requests.Where(r => r.Method != "GET")];

    /// <summary>Starts the fake.</summary>
    /// <param name="apiKey">The only API key it accepts.</param>
    /// <returns>The running fake.</returns>
    public static async Task<OpsgenieApiFake> StartAsync(string apiKey)
    {
        var fake = new OpsgenieApiFake(await FakeApiServer.StartAsync(), apiKey);
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
            foreach (var id in _requests.Keys.ToList())
            {
                _requests[id] = _requests[id] with { PollsLeft = 0 };
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static FakeResponse Error(int status, string message) =>
        FakeResponse.JsonBody(new { message, took = 0.001, requestId = Guid.NewGuid().ToString() }, status);

    private static FakeResponse Accepted(string requestId) =>
        FakeResponse.JsonBody(new { result = "Request will be processed", took = 0.012, requestId }, 202);

    private void MapRoutes()
    {
        Server.Map("GET", p => HeartbeatPath().IsMatch(p), request => Guard(request, write: false)
            ?? FakeResponse.JsonBody(new { result = $"PONG - Heartbeat [{HeartbeatPath().Match(request.Path).Groups[1].Value}] is updated successfully", took = 0.006, requestId = Guid.NewGuid().ToString() }, 202));
        Server.Map("POST", "/v2/alerts", request => Guard(request, write: true) ?? CreateAlert(request));
        Server.Map("GET", p => RequestPath().IsMatch(p), request => Guard(request, write: false) ?? RequestStatus(request));
        Server.Map("POST", p => AlertActionPath().IsMatch(p), request => Guard(request, write: true) ?? AlertAction(request));
        Server.Map("GET", p => OnCallsPath().IsMatch(p), request => Guard(request, write: false) ?? OnCalls(request));
    }

    private FakeResponse? Guard(FakeRequest request, bool write)
    {
        if (request.Header("Authorization") != $"GenieKey {_apiKey}")
        {
            return Error(401, "Could not authenticate");
        }

        return write && request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true
            ? Error(415, "Unsupported Media Type")
            : null;
    }

    private FakeResponse CreateAlert(FakeRequest request)
    {
        if (!FakeJson.TryParseObject(request.Body, out var root))
        {
            return Error(400, "Could not parse the request body");
        }

        var message = FakeJson.Text(root, "message");
        var alias = FakeJson.Text(root, "alias") ?? string.Empty;
        var description = FakeJson.Text(root, "description") ?? string.Empty;
        var priority = FakeJson.Text(root, "priority") ?? "P3";
        if (string.IsNullOrEmpty(message) || message.Length > 130 || alias.Length > 512 || description.Length > 15000 || priority is not ("P1" or "P2" or "P3" or "P4" or "P5"))
        {
            return Error(422, "Request body is not processable. Please check the errors.");
        }

        var responders = new List<(string, string?, string?)>();
        if (root.TryGetProperty("responders", out var list))
        {
            foreach (var item in list.EnumerateArray())
            {
                var type = FakeJson.Text(item, "type");
                var id = FakeJson.Text(item, "id");
                var name = FakeJson.Text(item, "name") ?? FakeJson.Text(item, "username");
                if (type is not ("team" or "user" or "escalation" or "schedule") || (id is null && name is null))
                {
                    return Error(422, "Request body is not processable. Please check the errors.");
                }

                responders.Add((type, id, name));
            }
        }

        lock (_gate)
        {
            var requestId = Guid.NewGuid().ToString();
            if (FailCreationsWith is { } failure)
            {
                _requests[requestId] = (string.Empty, alias, PollsBeforeProcessed, false, failure);
                return Accepted(requestId);
            }

            var open = alias.Length > 0 ? _alerts.FirstOrDefault(a => a.Alias == alias && a.Status == "open") : null;
            if (open is not null)
            {
                open.Count++;
                _requests[requestId] = (open.Id, alias, PollsBeforeProcessed, true, "Alert is deduplicated");
            }
            else
            {
                var alert = new FakeOpsgenieAlert(Guid.NewGuid().ToString(), alias, message, description, priority, responders);
                _alerts.Add(alert);
                _requests[requestId] = (alert.Id, alias, PollsBeforeProcessed, true, "Created alert");
            }

            return Accepted(requestId);
        }
    }

    private FakeResponse RequestStatus(FakeRequest request)
    {
        var id = RequestPath().Match(request.Path).Groups[1].Value;
        lock (_gate)
        {
            if (!_requests.TryGetValue(id, out var entry) || entry.PollsLeft > 0)
            {
                if (_requests.ContainsKey(id))
                {
                    _requests[id] = entry with { PollsLeft = entry.PollsLeft - 1 };
                }

                return Error(404, "Request not found. It might not be processed, yet.");
            }

            return FakeResponse.JsonBody(new
            {
                data = new
                {
                    success = entry.Success,
                    action = "Create",
                    processedAt = "2026-11-21T12:00:01.000Z",
                    integrationId = "c9cec2cb-e782-4ebb-bc1d-1b2fa703cf03",
                    isSuccess = entry.Success,
                    status = entry.Status,
                    alertId = entry.Success ? entry.AlertId : null,
                    alias = entry.Alias,
                },
                took = 0.022,
                requestId = id,
            });
        }
    }

    private FakeResponse AlertAction(FakeRequest request)
    {
        var match = AlertActionPath().Match(request.Path);
        var (id, action) = (match.Groups[1].Value, match.Groups[2].Value);
        var identifierType = HttpUtility.ParseQueryString(request.Query)["identifierType"];
        if (identifierType is not (null or "id" or "alias" or "tiny"))
        {
            return Error(400, "identifierType must be id, alias or tiny");
        }

        if (!FakeJson.TryParseObject(request.Body, out var root))
        {
            return Error(400, "Could not parse the request body");
        }

        var note = FakeJson.Text(root, "note");
        if (action == "notes" && string.IsNullOrEmpty(note))
        {
            return Error(422, "Request body is not processable. Please check the errors.");
        }

        lock (_gate)
        {
            var alert = _alerts.FirstOrDefault(a => identifierType is null or "id" ? a.Id == id : a.Alias == id);
            if (alert is null)
            {
                // The real API accepts the request and fails it later; the fake answers at once.
                return Error(404, "Alert does not exist");
            }

            if (!string.IsNullOrEmpty(note))
            {
                alert.Notes.Add(note);
            }

            if (action == "close")
            {
                alert.Status = "closed";
            }

            var requestId = Guid.NewGuid().ToString();
            _requests[requestId] = (alert.Id, alert.Alias, 0, true, action == "close" ? "Closed alert" : "Added note");
            return Accepted(requestId);
        }
    }

    private FakeResponse OnCalls(FakeRequest request)
    {
        var name = Uri.UnescapeDataString(OnCallsPath().Match(request.Path).Groups[1].Value);
        var query = HttpUtility.ParseQueryString(request.Query);
        lock (_gate)
        {
            // Without scheduleIdentifierType=name the identifier is taken as an ID, which a name never is.
            if (query["scheduleIdentifierType"] != "name" || !_schedules.TryGetValue(name, out var users))
            {
                return Error(404, $"No schedule exists with identifier [{name}]");
            }

            var parent = new { id = $"sched-{name.GetHashCode(StringComparison.Ordinal):x8}", name, enabled = true };
            object data = query["flat"] == "true"
                ? new { _parent = parent, onCallRecipients = users }
                : new { _parent = parent, onCallParticipants = users.Select(u => new { id = $"user-{u}", name = u, type = "user" }) };
            return FakeResponse.JsonBody(new { data, took = 0.01, requestId = Guid.NewGuid().ToString() });
        }
    }

    [GeneratedRegex("^/v2/heartbeats/([^/]+)/ping$")]
    private static partial Regex HeartbeatPath();

    [GeneratedRegex("^/v2/alerts/requests/([^/]+)$")]
    private static partial Regex RequestPath();

    [GeneratedRegex("^/v2/alerts/([^/]+)/(notes|close)$")]
    private static partial Regex AlertActionPath();

    [GeneratedRegex("^/v2/schedules/([^/]+)/on-calls$")]
    private static partial Regex OnCallsPath();
}
