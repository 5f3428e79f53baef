using Refit;

namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>
/// The Datadog API calls the adapter makes, relative to <c>api_endpoint</c> (the <c>api.</c> host of the user's site).
/// Both keys are added by <see cref="DatadogKeysHandler"/>. Lists and searches are offset pages of at most 100.
/// </summary>
[Headers("Accept: application/json")]
internal interface IDatadogApi
{
    /// <summary><c>GET /api/v1/validate</c>: whether the API key (only) is valid; 403 when it is not.</summary>
    [Get("/api/v1/validate")]
    Task<DatadogValidation> ValidateAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /api/v2/permissions</c>: the permissions of the application key's user (needs both keys).</summary>
    [Get("/api/v2/permissions")]
    Task<DatadogDocument<IReadOnlyList<DatadogResource<DatadogPermissionAttributes>>>> ListPermissionsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /api/v2/users?filter=</c>: users whose e-mail, handle or name contains <paramref name="filter"/>.</summary>
    [Get("/api/v2/users")]
    Task<DatadogDocument<IReadOnlyList<DatadogResource<DatadogUserAttributes>>>> ListUsersAsync(
        string filter,
        [AliasAs("page[size]")] int pageSize,
        [AliasAs("page[number]")] int pageNumber,
        CancellationToken cancellationToken);

    /// <summary><c>GET /api/v2/team?filter[keyword]=</c>: teams whose handle or name contains the keyword.</summary>
    [Get("/api/v2/team")]
    Task<DatadogDocument<IReadOnlyList<DatadogResource<DatadogTeamAttributes>>>> ListTeamsAsync(
        [AliasAs("filter[keyword]")] string keyword,
        [AliasAs("page[size]")] int pageSize,
        [AliasAs("page[number]")] int pageNumber,
        CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /api/v2/on-call/teams/{team_id}/on-call?include=responders</c>: who is on call for the team now; the
    /// users are in <c>included</c>. 404 when the team has no on-call set up.
    /// </summary>
    [Get("/api/v2/on-call/teams/{teamId}/on-call?include=responders")]
    Task<DatadogDocument<DatadogResource<DatadogTeamAttributes>>> GetTeamOnCallAsync(string teamId, CancellationToken cancellationToken);

    [Post("/api/v2/incidents")]
    Task<DatadogDocument<DatadogResource<DatadogIncidentAttributes>>> CreateIncidentAsync([Body] DatadogDocument<DatadogResource<DatadogIncidentAttributes>> incident, CancellationToken cancellationToken);

    /// <summary><c>PATCH /api/v2/incidents/{id}</c>: changes only the attributes sent.</summary>
    [Patch("/api/v2/incidents/{id}")]
    Task<DatadogDocument<DatadogResource<DatadogIncidentAttributes>>> UpdateIncidentAsync(string id, [Body] DatadogDocument<DatadogResource<DatadogIncidentAttributes>> update, CancellationToken cancellationToken);

    /// <summary><c>GET /api/v2/incidents/search</c>, newest first.</summary>
    [Get("/api/v2/incidents/search?sort=-created")]
    Task<DatadogDocument<DatadogResource<DatadogSearchAttributes>>> SearchIncidentsAsync(
        string query,
        [AliasAs("page[size]")] int pageSize,
        [AliasAs("page[offset]")] int pageOffset,
        CancellationToken cancellationToken);

    /// <summary><c>POST /api/v2/incidents/{id}/timeline</c>: adds a markdown cell (the endpoint Teleport's plugin posts notes to).</summary>
    [Post("/api/v2/incidents/{id}/timeline")]
    Task<DatadogDocument<DatadogResource<DatadogTimelineAttributes>>> AddTimelineCellAsync(string id, [Body] DatadogDocument<DatadogResource<DatadogTimelineAttributes>> cell, CancellationToken cancellationToken);

    /// <summary><c>GET /api/v2/incidents/{id}/timeline</c>: the incident's timeline cells.</summary>
    [Get("/api/v2/incidents/{id}/timeline")]
    Task<DatadogDocument<IReadOnlyList<DatadogResource<DatadogTimelineAttributes>>>> ListTimelineAsync(string id, CancellationToken cancellationToken);
}
