using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.PagerDuty.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.PagerDuty;

/// <summary>
/// The PagerDuty REST API v2 calls the adapter makes. Every call sends <c>Authorization: Token token=…</c> and the
/// versioned Accept header; writes add <c>From</c>. Failures become transient (429 with <c>ratelimit-reset</c>, 5xx)
/// or permanent adapter exceptions whose messages name the call and PagerDuty's error, never the key.
/// </summary>
internal sealed class PagerDutyApiClient
{
    private const string Tool = "PagerDuty";
    private const string ResetHeader = "ratelimit-reset";
    private const string AcceptHeader = "application/vnd.pagerduty+json;version=2";
    private const int PageLimit = 100; // PagerDuty's maximum page size.

    private readonly HttpClient _http;
    private readonly PagerDutyOptions _options;
    private readonly Uri _baseUrl;

    public PagerDutyApiClient(HttpClient http, PagerDutyOptions options)
    {
        _http = http;
        _options = options;
        var url = options.ApiUrl.ToString();
        _baseUrl = new Uri(url.EndsWith('/') ? url : url + "/");
    }

    /// <summary><c>GET /abilities</c>: the cheapest authenticated call; fails on a bad key.</summary>
    public async Task CheckAbilitiesAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "abilities", content: null, write: false, cancellationToken);
        await ThrowIfFailedAsync(response, "GET /abilities", cancellationToken);
    }

    /// <summary>Finds a service by name, ignoring case as PagerDuty does, following pagination.</summary>
    public async Task<PagerDutyService?> FindServiceByNameAsync(string name, CancellationToken cancellationToken)
    {
        await foreach (var page in PagesAsync("services", $"query={Uri.EscapeDataString(name)}", "GET /services", cancellationToken))
        {
            var match = page.Services?.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>Finds a user by e-mail (exact, ignoring case), following pagination.</summary>
    public async Task<PagerDutyUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var lowered = email.ToLowerInvariant();
        await foreach (var page in PagesAsync("users", $"query={Uri.EscapeDataString(lowered)}", "GET /users", cancellationToken))
        {
            var match = page.Users?.FirstOrDefault(u => string.Equals(u.Email, lowered, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>The escalation policies among <paramref name="policyIds"/> in which the user is on call now.</summary>
    public async Task<IReadOnlySet<string>> OnCallPoliciesAsync(string userId, IReadOnlyCollection<string> policyIds, CancellationToken cancellationToken)
    {
        var wanted = policyIds.ToHashSet(StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        // since/until are left out: PagerDuty then answers for "now".
        var query = $"user_ids[]={Uri.EscapeDataString(userId)}" + string.Concat(policyIds.Select(id => $"&escalation_policy_ids[]={Uri.EscapeDataString(id)}"));
        await foreach (var page in PagesAsync("oncalls", query, "GET /oncalls", cancellationToken))
        {
            foreach (var onCall in page.Oncalls ?? [])
            {
                // Only direct user entries of this user count, as in the anchor.
                if (onCall.User is { Type: "user_reference" } user && user.Id == userId
                    && onCall.EscalationPolicy?.Id is { } policyId && wanted.Contains(policyId))
                {
                    found.Add(policyId);
                }
            }

            if (found.Count == wanted.Count)
            {
                break;
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
        var body = JsonContent.Create(new PagerDutyIncidentRequest<PagerDutyNewIncident>(incident), PagerDutyJsonContext.Default.PagerDutyIncidentRequestPagerDutyNewIncident);
        using var response = await SendAsync(HttpMethod.Post, "incidents", body, write: true, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest && await FindOpenIncidentAsync(incident.IncidentKey, cancellationToken) is { } existing)
        {
            return existing;
        }

        await ThrowIfFailedAsync(response, "POST /incidents", cancellationToken);
        var created = await ReadAsync(response, PagerDutyJsonContext.Default.PagerDutyIncidentResponse, "POST /incidents", cancellationToken);
        return created.Incident ?? throw Malformed("POST /incidents");
    }

    /// <summary>The open (triggered or acknowledged) incident with this key, or null.</summary>
    public async Task<PagerDutyIncident?> FindOpenIncidentAsync(string incidentKey, CancellationToken cancellationToken)
    {
        var query = $"incident_key={Uri.EscapeDataString(incidentKey)}&statuses[]=triggered&statuses[]=acknowledged";
        await foreach (var page in PagesAsync("incidents", query, "GET /incidents", cancellationToken))
        {
            if (page.Incidents?.FirstOrDefault(i => i.IncidentKey == incidentKey) is { } match)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary><c>POST /incidents/{id}/notes</c>; returns the note's ID.</summary>
    public async Task<string> AddNoteAsync(string incidentId, string content, CancellationToken cancellationToken)
    {
        var call = "POST /incidents/{id}/notes";
        var body = JsonContent.Create(new PagerDutyNoteEnvelope(new PagerDutyNote(content)), PagerDutyJsonContext.Default.PagerDutyNoteEnvelope);
        using var response = await SendAsync(HttpMethod.Post, $"incidents/{Uri.EscapeDataString(incidentId)}/notes", body, write: true, cancellationToken);
        await ThrowIfFailedAsync(response, call, cancellationToken);
        var note = await ReadAsync(response, PagerDutyJsonContext.Default.PagerDutyNoteEnvelope, call, cancellationToken);
        return note.Note?.Id ?? throw Malformed(call);
    }

    /// <summary><c>PUT /incidents/{id}</c> with status resolved.</summary>
    public async Task ResolveIncidentAsync(string incidentId, CancellationToken cancellationToken)
    {
        var body = JsonContent.Create(
            new PagerDutyIncidentRequest<PagerDutyIncidentStatusUpdate>(new PagerDutyIncidentStatusUpdate("incident_reference", "resolved")),
            PagerDutyJsonContext.Default.PagerDutyIncidentRequestPagerDutyIncidentStatusUpdate);
        using var response = await SendAsync(HttpMethod.Put, $"incidents/{Uri.EscapeDataString(incidentId)}", body, write: true, cancellationToken);
        await ThrowIfFailedAsync(response, "PUT /incidents/{id}", cancellationToken);
    }

    private async IAsyncEnumerable<PagerDutyPage> PagesAsync(string path, string query, string call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var offset = 0;
        while (true)
        {
            var relative = string.Create(CultureInfo.InvariantCulture, $"{path}?{query}&limit={PageLimit}&offset={offset}");
            PagerDutyPage page;
            using (var response = await SendAsync(HttpMethod.Get, relative, content: null, write: false, cancellationToken))
            {
                await ThrowIfFailedAsync(response, call, cancellationToken);
                page = await ReadAsync(response, PagerDutyJsonContext.Default.PagerDutyPage, call, cancellationToken);
            }

            yield return page;
            var count = (page.Services?.Count ?? 0) + (page.Users?.Count ?? 0) + (page.Oncalls?.Count ?? 0) + (page.Incidents?.Count ?? 0);
            if (!page.More || count == 0)
            {
                yield break;
            }

            offset += count;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, HttpContent? content, bool write, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseUrl, relative)) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", "Token token=" + _options.ApiKey);
        request.Headers.TryAddWithoutValidation("Accept", AcceptHeader);
        if (write)
        {
            request.Headers.TryAddWithoutValidation("From", _options.UserEmail);
        }

        return await _http.SendAsync(request, cancellationToken);
    }

    private static Task ThrowIfFailedAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken) =>
        JsonApiResponses.ThrowIfFailedAsync(response, PagerDutyJsonContext.Default.PagerDutyErrorEnvelope, Detail, Tool, call, ResetHeader, cancellationToken);

    private static Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string call, CancellationToken cancellationToken) =>
        JsonApiResponses.ReadAsync(response, type, Tool, call, cancellationToken);

    // "code 2001, Invalid Input Provided: Requester User Not Found": PagerDuty's code, message and errors.
    private static string? Detail(PagerDutyErrorEnvelope envelope) => envelope.Error is { } e
        ? string.Create(CultureInfo.InvariantCulture, $"code {e.Code}, {e.Message}{(e.Errors is { Count: > 0 } list ? $": {string.Join("; ", list)}" : string.Empty)}")
        : null;

    private static TransientAdapterException Malformed(string call) => new($"{Tool} {call} answered without the expected fields");
}
