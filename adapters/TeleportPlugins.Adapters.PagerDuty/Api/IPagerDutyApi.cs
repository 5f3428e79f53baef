using Refit;

namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>
/// The PagerDuty REST API v2 calls the adapter makes, relative to <c>api_url</c>. Every call asks for the versioned
/// media type; writes name a PagerDuty user in <c>From</c>, as PagerDuty requires. The key is added by
/// the Authorization header given to RefitApi.Create. Lists are classic offset pages.
/// </summary>
[Headers("Accept: application/vnd.pagerduty+json;version=2")]
internal interface IPagerDutyApi
{
    /// <summary><c>GET /abilities</c>: the cheapest authenticated call; fails on a bad key.</summary>
    [Get("/abilities")]
    Task CheckAbilitiesAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /services?query=</c>: services whose name contains <paramref name="query"/>.</summary>
    [Get("/services")]
    Task<PagerDutyPage> ListServicesAsync(string query, int limit, int offset, CancellationToken cancellationToken);

    /// <summary><c>GET /users?query=</c>: users whose name or e-mail contains <paramref name="query"/>.</summary>
    [Get("/users")]
    Task<PagerDutyPage> ListUsersAsync(string query, int limit, int offset, CancellationToken cancellationToken);

    /// <summary><c>GET /oncalls</c> of one user in some escalation policies; without since/until PagerDuty answers for now.</summary>
    [Get("/oncalls")]
    Task<PagerDutyPage> ListOnCallsAsync(
        [AliasAs("user_ids[]")] string userId,
        [Query(CollectionFormat.Multi), AliasAs("escalation_policy_ids[]")] IEnumerable<string> escalationPolicyIds,
        int limit,
        int offset,
        CancellationToken cancellationToken);

    /// <summary><c>GET /incidents?incident_key=</c>, open (triggered or acknowledged) ones only.</summary>
    [Get("/incidents?statuses[]=triggered&statuses[]=acknowledged")]
    Task<PagerDutyPage> ListOpenIncidentsAsync([AliasAs("incident_key")] string incidentKey, int limit, int offset, CancellationToken cancellationToken);

    /// <summary><c>GET /incidents?incident_key=</c> in every status, within PagerDuty's default date range (the last month).</summary>
    [Get("/incidents")]
    Task<PagerDutyPage> ListIncidentsAsync([AliasAs("incident_key")] string incidentKey, int limit, int offset, CancellationToken cancellationToken);

    /// <summary><c>GET /incidents/{id}/notes</c>: all of an incident's notes in one answer.</summary>
    [Get("/incidents/{id}/notes")]
    Task<PagerDutyNoteList> ListNotesAsync(string id, CancellationToken cancellationToken);

    /// <summary><c>GET /incidents/{id}</c>: one incident, to learn which request a click on it is for.</summary>
    [Get("/incidents/{id}")]
    Task<PagerDutyIncidentResponse> GetIncidentAsync(string id, CancellationToken cancellationToken);

    /// <summary><c>GET /users/{id}</c>: the clicking user's e-mail, for <c>allow_email_username_match</c>.</summary>
    [Get("/users/{id}")]
    Task<PagerDutyUserResponse> GetUserAsync(string id, CancellationToken cancellationToken);

    [Post("/incidents")]
    Task<PagerDutyIncidentResponse> CreateIncidentAsync([Body] PagerDutyIncidentRequest<PagerDutyNewIncident> incident, [Header("From")] string from, CancellationToken cancellationToken);

    [Put("/incidents/{id}")]
    Task UpdateIncidentAsync(string id, [Body] PagerDutyIncidentRequest<PagerDutyIncidentStatusUpdate> update, [Header("From")] string from, CancellationToken cancellationToken);

    [Post("/incidents/{id}/notes")]
    Task<PagerDutyNoteEnvelope> AddNoteAsync(string id, [Body] PagerDutyNoteEnvelope note, [Header("From")] string from, CancellationToken cancellationToken);
}
