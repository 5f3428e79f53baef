using Refit;

namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>
/// The Opsgenie REST API calls the adapter makes, relative to the <c>api_host</c> base. The key is added by
/// the Authorization header given to RefitApi.Create. Alert writes are asynchronous in Opsgenie: they answer 202 with a request ID
/// whose outcome <see cref="GetRequestStatusAsync"/> tells.
/// </summary>
[Headers("Accept: application/json")]
internal interface IOpsgenieApi
{
    /// <summary><c>GET /v2/heartbeats/{name}/ping</c>: authenticated, and a 404 only says the heartbeat is unknown.</summary>
    [Get("/v2/heartbeats/{name}/ping")]
    Task<OpsgenieAccepted> PingHeartbeatAsync(string name, CancellationToken cancellationToken);

    [Post("/v2/alerts")]
    Task<OpsgenieAccepted> CreateAlertAsync([Body] OpsgenieNewAlert alert, CancellationToken cancellationToken);

    /// <summary><c>GET /v2/alerts/requests/{requestId}</c>: 404 while Opsgenie has not processed the request.</summary>
    [Get("/v2/alerts/requests/{requestId}")]
    Task<OpsgenieData<OpsgenieRequestStatus>> GetRequestStatusAsync(string requestId, CancellationToken cancellationToken);

    /// <summary><c>GET /v2/alerts/{alias}?identifierType=alias</c>: the alert with that alias; 404 when there is none.</summary>
    [Get("/v2/alerts/{alias}?identifierType=alias")]
    Task<OpsgenieData<OpsgenieAlert>> GetAlertByAliasAsync(string alias, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /v2/alerts/{id}/notes</c>, oldest first, 100 a page (Opsgenie's maximum); the next page starts after
    /// the <paramref name="offset"/> of the last note read.
    /// </summary>
    [Get("/v2/alerts/{id}/notes?identifierType=id&order=asc&direction=next&limit=100")]
    Task<OpsgenieNotesPage> ListNotesAsync(string id, string? offset, CancellationToken cancellationToken);

    [Post("/v2/alerts/{id}/notes?identifierType=id")]
    Task AddNoteAsync(string id, [Body] OpsgenieAlertNote note, CancellationToken cancellationToken);

    [Post("/v2/alerts/{id}/close?identifierType=id")]
    Task CloseAlertAsync(string id, [Body] OpsgenieAlertNote note, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /v2/schedules/{name}/on-calls</c>: scheduleIdentifierType (not identifierType) selects lookup by name;
    /// flat=true lists user names (e-mails). 404 when there is no such schedule.
    /// </summary>
    [Get("/v2/schedules/{name}/on-calls?scheduleIdentifierType=name&flat=true")]
    Task<OpsgenieData<OpsgenieOnCalls>> GetOnCallsAsync(string name, CancellationToken cancellationToken);
}
