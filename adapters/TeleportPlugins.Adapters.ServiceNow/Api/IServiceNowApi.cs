using Refit;

namespace TeleportPlugins.Adapters.ServiceNow.Api;

/// <summary>
/// The ServiceNow REST calls the adapter makes, relative to the instance URL: the Table API (incident,
/// sys_journal_field, sys_user, cmn_rota) and the on-call rota API. Every answer is asked for as JSON; credentials are added by
/// the Authorization header given to RefitApi.Create.
/// </summary>
[Headers("Accept: application/json")]
internal interface IServiceNowApi
{
    /// <summary>One incident's sys_id: proves the credentials and the incident table's read access.</summary>
    [Get("/api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id")]
    Task<ServiceNowResult<List<ServiceNowIncident>>> ProbeIncidentsAsync(CancellationToken cancellationToken);

    /// <summary>Incidents matching an encoded query (<c>field=value^ORDERBY...</c>), at most ten.</summary>
    [Get("/api/now/table/incident?sysparm_query={query}&sysparm_fields=sys_id,number&sysparm_limit=10")]
    Task<ServiceNowResult<List<ServiceNowIncident>>> FindIncidentsAsync(string query, CancellationToken cancellationToken);

    /// <summary>
    /// Journal entries (work notes, comments) matching an encoded query, at most one: the journal is the
    /// <c>sys_journal_field</c> table, an entry's <c>element_id</c> the incident's sys_id and <c>value</c> its text.
    /// </summary>
    [Get("/api/now/table/sys_journal_field?sysparm_query={query}&sysparm_fields=sys_id&sysparm_limit=1")]
    Task<ServiceNowResult<List<ServiceNowJournalEntry>>> FindJournalEntriesAsync(string query, CancellationToken cancellationToken);

    [Post("/api/now/table/incident?sysparm_fields=sys_id,number")]
    Task<ServiceNowResult<ServiceNowIncident>> CreateIncidentAsync([Body] ServiceNowNewIncident incident, CancellationToken cancellationToken);

    [Patch("/api/now/table/incident/{sysId}?sysparm_fields=sys_id")]
    Task UpdateIncidentAsync(string sysId, [Body] ServiceNowIncidentUpdate update, CancellationToken cancellationToken);

    /// <summary>Who is on call in a rota at a date-time in the API user's time zone (<c>yyyy-MM-dd HH:mm:ss</c>).</summary>
    [Get("/api/now/on_call_rota/whoisoncall?rota_ids={rotaId}&date_time={dateTime}")]
    Task<ServiceNowResult<List<ServiceNowOnCall>>> WhoIsOnCallAsync(string rotaId, string dateTime, CancellationToken cancellationToken);

    [Get("/api/now/table/sys_user/{sysId}?sysparm_fields=user_name")]
    Task<ServiceNowResult<ServiceNowUser>> GetUserAsync(string sysId, CancellationToken cancellationToken);

    [Get("/api/now/table/cmn_rota/{sysId}?sysparm_fields=name")]
    Task<ServiceNowResult<ServiceNowRota>> GetRotaAsync(string sysId, CancellationToken cancellationToken);
}
