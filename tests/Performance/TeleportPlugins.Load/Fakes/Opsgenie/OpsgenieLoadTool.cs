using System.Collections.Concurrent;
using System.Text.Json;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes.Opsgenie;

/// <summary>
/// A lean Opsgenie Alert API: the start-up heartbeat ping, alert creation answered 202 with a request ID, the request
/// status that names the alert, notes and closing. <c>GenieKey</c> auth; Opsgenie's <c>{"message","took","requestId"}</c>
/// refusals. Opsgenie processes writes asynchronously; this fake processes them before answering, so the adapter's
/// first status poll finds the alert. As Opsgenie does, a creation whose alias has an open alert is de-duplicated into
/// it (its status names that alert) instead of creating a second one.
/// </summary>
internal sealed class OpsgenieLoadTool : LeanLoadTool
{
    private const string ApiKey = "opsgenie-load-key";
    private const string Schedule = "Teleport Load";
    private const int MessageLimit = 130;
    private const int AliasLimit = 512;
    private const int DescriptionLimit = 15000;

    private static readonly PathTemplate PingPath = new("/v2/heartbeats/{id}/ping");
    private static readonly PathTemplate RequestPath = new("/v2/alerts/requests/{id}");
    private static readonly PathTemplate NotesPath = new("/v2/alerts/{id}/notes");
    private static readonly PathTemplate ClosePath = new("/v2/alerts/{id}/close");
    private static readonly string[] Priorities = ["P1", "P2", "P3", "P4", "P5"];
    private static readonly string[] ResponderTypes = ["team", "user", "escalation", "schedule"];

    // Creation requests (for their status), the open alert of each alias, and every alert's alias.
    private readonly ConcurrentDictionary<string, (string AlertId, string Alias, bool Deduplicated)> _creations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _openByAlias = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _aliasOf = new(StringComparer.Ordinal);

    /// <summary>Maps the API on a started fake.</summary>
    /// <param name="server">The fake, named after the adapter.</param>
    public OpsgenieLoadTool(FakeApiServer server)
        : base("opsgenie", server)
    {
        var routes = new AuthenticatedRoutes(server, "Authorization", "GenieKey " + ApiKey, Error(401, "Could not authenticate"));
        routes.Map("GET", PingPath, (_, name) => Accepted(CallKind.Read, $"PONG - Heartbeat [{name}] is updated successfully"));
        routes.Map("POST", "/v2/alerts", CreateAlert);
        routes.Map("GET", RequestPath, RequestStatus);
        routes.Map("POST", NotesPath, (request, id) => AlertAction(request, id, close: false));
        routes.Map("POST", ClosePath, (request, id) => AlertAction(request, id, close: true));
    }

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [opsgenie]
        api_key = "{ApiKey}"
        api_host = "{Server.BaseAddress}"
        priority = "P3"
        default_schedules = ["{Schedule}"]
        """;

    private static string NewId() => Guid.NewGuid().ToString();

    private static FakeResponse Error(int status, string message) =>
        FakeResponse.JsonBody(CallKind.Read, new { message, took = 0.001, requestId = NewId() }, status);

    private static FakeResponse Unprocessable(string field, string problem) =>
        FakeResponse.JsonBody(
            CallKind.Read,
            new { message = "Request body is not processable. Please check the errors.", errors = new Dictionary<string, string>(StringComparer.Ordinal) { [field] = problem }, took = 0.001, requestId = NewId() },
            422);

    private static FakeResponse Accepted(CallKind kind, string result = "Request will be processed", string? requestId = null) =>
        FakeResponse.JsonBody(kind, new { result, took = 0.01, requestId = requestId ?? NewId() }, 202);

    // Responders name a team, user, escalation or schedule by id, name or username.
    private static bool RespondersValid(JsonElement responders) =>
        responders.ValueKind == JsonValueKind.Undefined
        || (responders.ValueKind == JsonValueKind.Array && responders.EnumerateArray().All(r =>
            FakeJson.Text(r, "type") is { } type && ResponderTypes.Contains(type)
            && (FakeJson.Text(r, "id") ?? FakeJson.Text(r, "name") ?? FakeJson.Text(r, "username")) is { Length: > 0 }));

    private FakeResponse CreateAlert(FakeRequest request)
    {
        using var json = FakeJson.ParseObject(request.Body);
        if (json is null)
        {
            return Error(400, "Could not parse the request body");
        }

        var body = json.RootElement;
        var alias = FakeJson.Text(body, "alias") ?? string.Empty;
        var refusal = FakeJson.Text(body, "message") is not { Length: > 0 and <= MessageLimit } ? Unprocessable("message", $"Message can not be empty or longer than {MessageLimit} characters.")
            : alias.Length > AliasLimit ? Unprocessable("alias", $"Alias can not be longer than {AliasLimit} characters.")
            : (FakeJson.Text(body, "description") ?? string.Empty).Length > DescriptionLimit ? Unprocessable("description", $"Description can not be longer than {DescriptionLimit} characters.")
            : FakeJson.Text(body, "priority") is { } priority && !Priorities.Contains(priority) ? Unprocessable("priority", "Priority should be one of P1, P2, P3, P4, P5.")
            : !RespondersValid(FakeJson.Field(body, "responders")) ? Unprocessable("responders", "Responders should name a team, user, escalation or schedule.")
            : null;
        if (refusal is not null)
        {
            return refusal;
        }

        var created = NewId();
        var alertId = alias.Length == 0 ? created : _openByAlias.GetOrAdd(alias, created);
        var deduplicated = alertId != created;
        if (!deduplicated)
        {
            _aliasOf[alertId] = alias;
        }

        var requestId = NewId();
        _creations[requestId] = (alertId, alias, deduplicated);
        return Accepted(deduplicated ? CallKind.Update : CallKind.Root, requestId: requestId);
    }

    private FakeResponse RequestStatus(FakeRequest request, string requestId)
    {
        if (!_creations.TryGetValue(requestId, out var creation))
        {
            return Error(404, "Request not found. It might not be processed, yet.");
        }

        var data = new
        {
            success = true,
            action = "Create",
            processedAt = "2026-11-21T12:00:01.000Z",
            integrationId = "c9cec2cb-e782-4ebb-bc1d-1b2fa703cf03",
            isSuccess = true,
            status = creation.Deduplicated ? "Alert is deduplicated" : "Created alert",
            alertId = creation.AlertId,
            alias = creation.Alias,
        };
        return FakeResponse.JsonBody(CallKind.Read, new { data, took = 0.02, requestId });
    }

    private FakeResponse AlertAction(FakeRequest request, string identifier, bool close)
    {
        var alertId = request.QueryValue("identifierType") switch
        {
            null or "id" => _aliasOf.ContainsKey(identifier) ? identifier : null,
            "alias" => _openByAlias.GetValueOrDefault(identifier),
            "tiny" => null, // The fake hands out no tiny IDs.
            _ => string.Empty,
        };
        if (alertId is { Length: 0 })
        {
            return Error(400, "identifierType must be id, alias or tiny");
        }

        using var json = FakeJson.ParseObject(request.Body);
        if (json is null)
        {
            return Error(400, "Could not parse the request body");
        }

        var note = FakeJson.Text(json.RootElement, "note");
        if (!close && string.IsNullOrEmpty(note))
        {
            return Unprocessable("note", "Note can not be empty.");
        }

        // The real API accepts the request and fails it later; the fake answers at once.
        if (alertId is null)
        {
            return Error(404, "Alert does not exist");
        }

        if (close)
        {
            _openByAlias.TryRemove(KeyValuePair.Create(_aliasOf[alertId], alertId));
            return Accepted(CallKind.Update);
        }

        return Accepted(NoteKinds.Of(note!));
    }
}
