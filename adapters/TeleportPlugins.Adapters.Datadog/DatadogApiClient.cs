using System.Text.Json;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Adapters.Datadog.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Datadog;

/// <summary>
/// What the adapter asks Datadog, on <see cref="IDatadogApi"/>. Failures are classified by <see cref="ToolCalls"/>
/// (429 with <c>X-RateLimit-Reset</c>, the seconds until the limit's period resets, and 5xx transient; other 4xx
/// permanent) with Datadog's <c>errors</c> in the message, never a key.
/// </summary>
internal sealed class DatadogApiClient : IDisposable
{
    /// <summary>The permission the incident calls need (Datadog's "Incidents Write").</summary>
    internal const string IncidentWrite = "incident_write";

    private const int PageSize = 100; // Datadog's maximum page size.
    private const string IncidentType = "incidents";
    private const string TimelineCellType = "incident_timeline_cells";
    private static readonly ToolCalls Calls = new("Datadog", Detail, "X-RateLimit-Reset");

    private readonly RefitApi<IDatadogApi> _datadog;
    private readonly TimeProvider _time;

    public DatadogApiClient(HttpClient host, DatadogOptions options, TimeProvider time)
    {
        _time = time;
#pragma warning disable CA2000 // owned by the HttpClient, which RefitApi disposes
        _datadog = RefitApi.Create<IDatadogApi>(
            host,
            options.ApiBaseUrl ?? throw new ArgumentException("api_endpoint is not valid", nameof(options)),
            DatadogJsonContext.Default,
            new DatadogKeysHandler(options.ApiKey, options.ApplicationKey));
#pragma warning restore CA2000
    }

    private IDatadogApi Api => _datadog.Api;

    /// <summary>
    /// Checks the API key (<c>GET /api/v1/validate</c>), then that the application key's user may write incidents
    /// (<c>GET /api/v2/permissions</c>, as Teleport's plugin checks).
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var validation = await Calls.SendAsync("GET /api/v1/validate", () => Api.ValidateAsync(cancellationToken), cancellationToken);
        if (!validation.Valid)
        {
            throw new PermanentAdapterException("Datadog GET /api/v1/validate says the API key is not valid");
        }

        var permissions = await Calls.SendAsync("GET /api/v2/permissions", () => Api.ListPermissionsAsync(cancellationToken), cancellationToken);
        if (permissions.Data?.FirstOrDefault(p => p.Attributes?.Name == IncidentWrite) is { Attributes.Restricted: true })
        {
            throw new PermanentAdapterException($"the application key's user lacks the {IncidentWrite} permission");
        }
    }

    /// <summary>The user with exactly this e-mail (ignoring case), or null.</summary>
    public async Task<DatadogResource<DatadogUserAttributes>?> FindUserByEmailAsync(string email, CancellationToken cancellationToken)
    {
        for (var page = 0; ; page++)
        {
            var number = page;
            var users = await Calls.SendAsync("GET /api/v2/users", () => Api.ListUsersAsync(email, PageSize, number, cancellationToken), cancellationToken);
            var data = users.Data ?? [];
            if (data.FirstOrDefault(u => string.Equals(u.Attributes?.Email, email, StringComparison.OrdinalIgnoreCase)) is { } found)
            {
                return found;
            }

            if (data.Count < PageSize)
            {
                return null;
            }
        }
    }

    /// <summary>The team whose handle (ignoring case) or name is <paramref name="handleOrName"/>, or null.</summary>
    public async Task<DatadogResource<DatadogTeamAttributes>?> FindTeamAsync(string handleOrName, CancellationToken cancellationToken)
    {
        for (var page = 0; ; page++)
        {
            var number = page;
            var teams = await Calls.SendAsync("GET /api/v2/team", () => Api.ListTeamsAsync(handleOrName, PageSize, number, cancellationToken), cancellationToken);
            var data = teams.Data ?? [];
            if (data.FirstOrDefault(t => string.Equals(t.Attributes?.Handle, handleOrName, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(t.Attributes?.Name, handleOrName, StringComparison.Ordinal)) is { Id: { Length: > 0 } } found)
            {
                return found;
            }

            if (data.Count < PageSize)
            {
                return null;
            }
        }
    }

    /// <summary>The e-mails of the users on call for the team now; empty when the team has no on-call set up (404).</summary>
    public async Task<IReadOnlyList<string>> OnCallEmailsAsync(string teamId, CancellationToken cancellationToken)
    {
        var onCall = await Calls.FindAsync("GET /api/v2/on-call/teams/{id}/on-call", () => Api.GetTeamOnCallAsync(teamId, cancellationToken), cancellationToken);
        return [.. (onCall?.Included ?? []).Where(r => r.Type == "users" && r.Attributes?.Email is { Length: > 0 }).Select(r => r.Attributes!.Email!)];
    }

    /// <summary><c>POST /api/v2/incidents</c>; returns the incident's ID.</summary>
    public async Task<string> CreateIncidentAsync(DatadogIncidentAttributes incident, CancellationToken cancellationToken)
    {
        const string call = "POST /api/v2/incidents";
        var created = await Calls.SendAsync(call, () => Api.CreateIncidentAsync(new(new(null, IncidentType, incident)), cancellationToken), cancellationToken);
        return created.Data?.Id is { Length: > 0 } id ? id : throw Malformed(call);
    }

    /// <summary>
    /// The ID of the newest incident created since <paramref name="since"/> whose summary ends with
    /// <paramref name="marker"/>, or null. Datadog searches newest first, so the pages stop at the first older incident.
    /// </summary>
    public async Task<string?> FindIncidentAsync(string marker, DateTimeOffset since, CancellationToken cancellationToken)
    {
        const string query = "state:(active OR stable OR resolved)";
        for (var offset = 0; ;)
        {
            var from = offset;
            var result = await LookupReads.RetryAsync(
                () => Calls.SendAsync("GET /api/v2/incidents/search", () => Api.SearchIncidentsAsync(query, PageSize, from, cancellationToken), cancellationToken), _time, cancellationToken);
            var incidents = result.Data?.Attributes?.Incidents ?? [];
            foreach (var incident in incidents.Select(i => i.Data))
            {
                if (incident?.Attributes?.Created is { } created && created < since)
                {
                    return null;
                }

                if (incident?.Id is { Length: > 0 } id && ResumeMarkers.EndsWith(incident.Attributes?.Fields?.Summary?.Value, marker))
                {
                    return id;
                }
            }

            offset += incidents.Count;
            if (incidents.Count == 0 || offset >= result.Data?.Attributes?.Total)
            {
                return null;
            }
        }
    }

    /// <summary>Whether a timeline cell of the incident ends with <paramref name="marker"/>.</summary>
    public async Task<bool> HasNoteAsync(string incidentId, string marker, CancellationToken cancellationToken)
    {
        var cells = await Calls.SendAsync("GET /api/v2/incidents/{id}/timeline", () => Api.ListTimelineAsync(incidentId, cancellationToken), cancellationToken);
        return (cells.Data ?? []).Any(c => ResumeMarkers.EndsWith(c.Attributes?.Content?.Content, marker));
    }

    /// <summary><c>POST /api/v2/incidents/{id}/timeline</c> with a markdown cell.</summary>
    public Task AddNoteAsync(string incidentId, string note, CancellationToken cancellationToken) =>
        Calls.SendAsync(
            "POST /api/v2/incidents/{id}/timeline",
            () => Api.AddTimelineCellAsync(incidentId, new(new(null, TimelineCellType, new DatadogTimelineAttributes("markdown", new(note)))), cancellationToken),
            cancellationToken);

    /// <summary><c>PATCH /api/v2/incidents/{id}</c> setting the state field to resolved (repeating it changes nothing).</summary>
    public Task ResolveIncidentAsync(string incidentId, CancellationToken cancellationToken) =>
        Calls.SendAsync(
            "PATCH /api/v2/incidents/{id}",
            () => Api.UpdateIncidentAsync(incidentId, new(new(incidentId, IncidentType, new DatadogIncidentAttributes(Fields: new(State: new("dropdown", "resolved"))))), cancellationToken),
            cancellationToken);

    public void Dispose() => _datadog.Dispose();

    // {"errors": ["Forbidden"]}: Datadog's messages, joined.
    private static string? Detail(string body) =>
        JsonSerializer.Deserialize(body, DatadogJsonContext.Default.DatadogErrors)?.Errors is { Count: > 0 } errors ? string.Join("; ", errors) : null;

    private static TransientAdapterException Malformed(string call) => new($"Datadog {call} answered without the expected fields");
}
