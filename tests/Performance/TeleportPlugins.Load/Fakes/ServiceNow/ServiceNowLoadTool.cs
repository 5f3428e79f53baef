using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes.ServiceNow;

/// <summary>
/// A lean ServiceNow Table API on the incident table: the start-up read, the look-up by <c>correlation_id</c>, creation
/// and PATCH updates (work notes, close code, state). Basic auth; ServiceNow's
/// <c>{"error":{"message","detail"},"status":"failure"}</c> refusals, including the default data policy that resolving
/// or closing needs a close code and close notes. POST has no idempotency key in ServiceNow: the adapter looks its
/// correlation ID up first, so the fake keeps, per correlation ID, the oldest incident the look-up must find.
/// </summary>
internal sealed class ServiceNowLoadTool : LeanLoadTool
{
    private const string User = "load-bot";
    private const string Password = "servicenow-load-password";
    private const string IncidentsPath = "/api/now/table/incident";
    private const string CorrelationTerm = "correlation_id=";

    private static readonly PathTemplate IncidentPath = new(IncidentsPath + "/{id}");
    private static readonly object NoRecords = new { result = Array.Empty<object>() };

    // The oldest incident of each correlation ID. Incidents are numbered 1, 2, ... and never deleted, so an incident
    // exists exactly when its number has been handed out; its sys_id is the number in 32 hex digits.
    private readonly ConcurrentDictionary<string, long> _oldestByCorrelation = new(StringComparer.Ordinal);
    private long _lastIncident;

    /// <summary>Maps the API on a started fake.</summary>
    /// <param name="server">The fake, named after the adapter.</param>
    public ServiceNowLoadTool(FakeApiServer server)
        : base("servicenow", server)
    {
        var routes = new AuthenticatedRoutes(
            server,
            "Authorization",
            BasicAuthorization.Header(User, Password),
            Error(401, "User Not Authenticated", "Required to provide Auth information"));
        routes.Map("GET", IncidentsPath, ListIncidents);
        routes.Map("POST", IncidentsPath, CreateIncident);
        routes.Map("PATCH", IncidentPath, UpdateIncident);
    }

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [servicenow]
        url = "{Server.BaseAddress}"
        username = "{User}"
        password = "{Password}"
        close_code = "Solution provided"
        """;

    private static FakeResponse Error(int status, string message, string detail) =>
        FakeResponse.JsonBody(CallKind.Read, new { error = new { message, detail }, status = "failure" }, status);

    private static FakeResponse NotJson() => Error(400, "Exception while reading request", "The payload is not valid JSON.");

    private static string SysId(long number) => number.ToString("x32", CultureInfo.InvariantCulture);

    private static object Record(long number) => new
    {
        sys_id = SysId(number),
        number = string.Create(CultureInfo.InvariantCulture, $"INC{number:D7}"),
    };

    // Reads the correlation_id term of an encoded query (terms are joined by ^; ORDERBY terms only sort).
    private static string? CorrelationIn(string? query)
    {
        foreach (var term in (query ?? string.Empty).Split('^'))
        {
            if (term.StartsWith(CorrelationTerm, StringComparison.Ordinal))
            {
                return term[CorrelationTerm.Length..];
            }
        }

        return null;
    }

    private bool Exists(string sysId) =>
        sysId.Length == 32
        && long.TryParse(sysId, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number)
        && number >= 1 && number <= Interlocked.Read(ref _lastIncident);

    // The start-up read (no query: an empty page proves read access) and the look-up by correlation ID.
    private FakeResponse ListIncidents(FakeRequest request) =>
        CorrelationIn(request.QueryValue("sysparm_query")) is { } correlation && _oldestByCorrelation.TryGetValue(correlation, out var oldest)
            ? FakeResponse.JsonBody(CallKind.Read, new { result = new[] { Record(oldest) } })
            : FakeResponse.JsonBody(CallKind.Read, NoRecords);

    private FakeResponse CreateIncident(FakeRequest request)
    {
        using var json = FakeJson.ParseObject(request.Body);
        if (json is null)
        {
            return NotJson();
        }

        var number = Interlocked.Increment(ref _lastIncident);
        if (FakeJson.Text(json.RootElement, "correlation_id") is { Length: > 0 } correlation)
        {
            _oldestByCorrelation.TryAdd(correlation, number);
        }

        return FakeResponse.JsonBody(CallKind.Root, new { result = Record(number) }, 201);
    }

    private FakeResponse UpdateIncident(FakeRequest request, string sysId)
    {
        if (!Exists(sysId))
        {
            return Error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
        }

        using var json = FakeJson.ParseObject(request.Body);
        if (json is null)
        {
            return NotJson();
        }

        var body = json.RootElement;
        var state = FakeJson.Text(body, "incident_state");
        var closing = FakeJson.Text(body, "close_code") is not null || FakeJson.Text(body, "close_notes") is not null;
        if (state is "6" or "7" && (string.IsNullOrEmpty(FakeJson.Text(body, "close_code")) || string.IsNullOrEmpty(FakeJson.Text(body, "close_notes"))))
        {
            return Error(403, "Operation Failed", "Data Policy Exception: \n\tThe following fields are mandatory: Resolution code, Resolution notes\n");
        }

        // A PATCH with nothing but work notes is one review's note; anything that moves the incident is an update.
        var kind = state is null && !closing && FakeJson.Field(body, "work_notes").ValueKind == JsonValueKind.String ? CallKind.Reply : CallKind.Update;
        return FakeResponse.JsonBody(kind, new { result = new { sys_id = sysId } });
    }
}
