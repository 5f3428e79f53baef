using System.Net.Http.Headers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Refit;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Adapters.PagerDuty.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.PagerDuty;

/// <summary>
/// What the adapter asks PagerDuty, on <see cref="IPagerDutyApi"/>: look-ups by name and e-mail across pages, and
/// writes as the configured user. Failures are classified by <see cref="ToolCalls"/> (429 with <c>ratelimit-reset</c>
/// and 5xx transient, other 4xx permanent) with PagerDuty's error in the message, never the key.
/// </summary>
internal sealed class PagerDutyApiClient : IDisposable
{
    private const int PageLimit = 100; // PagerDuty's maximum page size.
    private const int AlreadyResolved = 1001; // PagerDuty's error code "Incident Already Resolved".
    private static readonly ToolCalls Calls = new("PagerDuty", Detail, "ratelimit-reset");

    private readonly RefitApi<IPagerDutyApi> _pagerDuty;
    private readonly string _from;

    public PagerDutyApiClient(HttpClient host, PagerDutyOptions options)
    {
        _from = options.UserEmail;
        _pagerDuty = RefitApi.Create<IPagerDutyApi>(host, options.ApiUrl, PagerDutyJsonContext.Default, new AuthenticationHeaderValue("Token", "token=" + options.ApiKey));
    }

    private IPagerDutyApi Api => _pagerDuty.Api;

    public Task CheckAbilitiesAsync(CancellationToken cancellationToken) =>
        Calls.SendAsync("GET /abilities", () => Api.CheckAbilitiesAsync(cancellationToken), cancellationToken);

    /// <summary>Finds a service by name, ignoring case as PagerDuty does.</summary>
    public async Task<PagerDutyService?> FindServiceByNameAsync(string name, CancellationToken cancellationToken) =>
        await Pages("GET /services", (offset, token) => Api.ListServicesAsync(name, PageLimit, offset, token), page => page.Services)
            .FirstOrDefaultAsync(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase), cancellationToken);

    /// <summary>Finds a user by e-mail (exact, ignoring case).</summary>
    public async Task<PagerDutyUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var lowered = email.ToLowerInvariant();
        return await Pages("GET /users", (offset, token) => Api.ListUsersAsync(lowered, PageLimit, offset, token), page => page.Users)
            .FirstOrDefaultAsync(u => string.Equals(u.Email, lowered, StringComparison.OrdinalIgnoreCase), cancellationToken);
    }

    /// <summary>The escalation policies among <paramref name="policyIds"/> in which the user is on call now.</summary>
    public async Task<IReadOnlySet<string>> OnCallPoliciesAsync(string userId, IReadOnlyCollection<string> policyIds, CancellationToken cancellationToken)
    {
        var wanted = policyIds.ToHashSet(StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var onCalls = Pages("GET /oncalls", (offset, token) => Api.ListOnCallsAsync(userId, policyIds, PageLimit, offset, token), page => page.Oncalls);
        await foreach (var onCall in onCalls.WithCancellation(cancellationToken))
        {
            // Only direct user entries of this user count, as in the anchor.
            if (onCall.User is { Type: "user_reference" } user && user.Id == userId
                && onCall.EscalationPolicy?.Id is { } policyId && wanted.Contains(policyId))
            {
                found.Add(policyId);
                if (found.Count == wanted.Count)
                {
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// <c>POST /incidents</c>. PagerDuty refuses a second open incident with the same <c>incident_key</c> (400); then
    /// the open incident with that key is the one this request already has, and it is returned instead.
    /// </summary>
    public async Task<PagerDutyIncident> CreateIncidentAsync(PagerDutyNewIncident incident, CancellationToken cancellationToken)
    {
        const string call = "POST /incidents";
        var created = await Calls.SendAsync(call, () => CreateOrFindAsync(incident, cancellationToken), cancellationToken);
        return created.Incident ?? throw Malformed(call);
    }

    /// <summary>The incident with <paramref name="incidentKey"/> in any status, or null when PagerDuty has none.</summary>
    public async Task<PagerDutyIncident?> FindIncidentAsync(string incidentKey, CancellationToken cancellationToken) =>
        await Pages("GET /incidents", (offset, token) => Api.ListIncidentsAsync(incidentKey, PageLimit, offset, token), page => page.Incidents)
            .FirstOrDefaultAsync(i => i.IncidentKey == incidentKey, cancellationToken);

    /// <summary><c>GET /incidents/{id}</c>; null when PagerDuty has no such incident.</summary>
    public async Task<PagerDutyIncident?> GetIncidentAsync(string incidentId, CancellationToken cancellationToken) =>
        (await Calls.FindAsync("GET /incidents/{id}", () => Api.GetIncidentAsync(incidentId, cancellationToken), cancellationToken))?.Incident;

    /// <summary><c>GET /users/{id}</c>; null when PagerDuty has no such user.</summary>
    public async Task<PagerDutyUser?> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        (await Calls.FindAsync("GET /users/{id}", () => Api.GetUserAsync(userId, cancellationToken), cancellationToken))?.User;

    /// <summary>The ID of the incident's note containing <paramref name="marker"/>, or null.</summary>
    public async Task<string?> FindNoteAsync(string incidentId, string marker, CancellationToken cancellationToken)
    {
        var notes = await Calls.SendAsync("GET /incidents/{id}/notes", () => Api.ListNotesAsync(incidentId, cancellationToken), cancellationToken);
        return notes.Notes?.FirstOrDefault(n => n.Content?.Contains(marker, StringComparison.Ordinal) == true) is { } found ? found.Id ?? string.Empty : null;
    }

    /// <summary><c>POST /incidents/{id}/notes</c>; returns the note's ID.</summary>
    public async Task<string> AddNoteAsync(string incidentId, string content, CancellationToken cancellationToken)
    {
        const string call = "POST /incidents/{id}/notes";
        var note = await Calls.SendAsync(call, () => Api.AddNoteAsync(incidentId, new PagerDutyNoteEnvelope(new PagerDutyNote(content)), _from, cancellationToken), cancellationToken);
        return note.Note?.Id ?? throw Malformed(call);
    }

    /// <summary>
    /// <c>PUT /incidents/{id}</c> with status resolved. PagerDuty refuses to resolve a resolved incident (error code
    /// 1001, Incident Already Resolved): a repeated attempt has then nothing left to do.
    /// </summary>
    public Task ResolveIncidentAsync(string incidentId, CancellationToken cancellationToken) =>
        Calls.SendAsync("PUT /incidents/{id}", () => ResolveOnceAsync(incidentId, cancellationToken), cancellationToken);

    public void Dispose() => _pagerDuty.Dispose();

    private async Task<PagerDutyIncidentResponse> CreateOrFindAsync(PagerDutyNewIncident incident, CancellationToken cancellationToken)
    {
        try
        {
            return await Api.CreateIncidentAsync(new(incident), _from, cancellationToken);
        }
        catch (ApiException e) when (e.StatusCode == HttpStatusCode.BadRequest)
        {
            var existing = await Pages("GET /incidents", (offset, token) => Api.ListOpenIncidentsAsync(incident.IncidentKey, PageLimit, offset, token), page => page.Incidents)
                .FirstOrDefaultAsync(i => i.IncidentKey == incident.IncidentKey, cancellationToken);
            if (existing is null)
            {
                throw;
            }

            return new PagerDutyIncidentResponse(existing);
        }
    }

    private async Task<bool> ResolveOnceAsync(string incidentId, CancellationToken cancellationToken)
    {
        try
        {
            await Api.UpdateIncidentAsync(incidentId, new(new PagerDutyIncidentStatusUpdate("incident_reference", "resolved")), _from, cancellationToken);
            return true;
        }
        catch (ApiException e) when (e.StatusCode == HttpStatusCode.BadRequest && ErrorCode(e.Content) == AlreadyResolved)
        {
            return false;
        }
    }

    private static int? ErrorCode(string? body)
    {
        try
        {
            return body is null ? null : JsonSerializer.Deserialize(body, PagerDutyJsonContext.Default.PagerDutyErrorEnvelope)?.Error?.Code;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Offset pages until PagerDuty says there are no more; each page is one call through ToolCalls.
    private static PagedEnumerable<PagerDutyPage, T> Pages<T>(string call, Func<int, CancellationToken, Task<PagerDutyPage>> list, Func<PagerDutyPage, IReadOnlyList<T>?> items) =>
        PagedEnumerable.FromOffset(
            (int offset, CancellationToken token) => Calls.SendAsync(call, () => list(offset, token), token),
            page => items(page) ?? [],
            (page, offset) => page.More && items(page) is { Count: > 0 } found ? offset + found.Count : null);

    // "code 2001, Invalid Input Provided: Requester User Not Found": PagerDuty's code, message and errors.
    private static string? Detail(string body) => JsonSerializer.Deserialize(body, PagerDutyJsonContext.Default.PagerDutyErrorEnvelope)?.Error is { } e
        ? string.Create(CultureInfo.InvariantCulture, $"code {e.Code}, {e.Message}{(e.Errors is { Count: > 0 } list ? $": {string.Join("; ", list)}" : string.Empty)}")
        : null;

    private static TransientAdapterException Malformed(string call) => new($"PagerDuty {call} answered without the expected fields");
}
