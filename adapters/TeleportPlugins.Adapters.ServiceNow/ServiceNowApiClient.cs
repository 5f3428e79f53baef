using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.ServiceNow.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.ServiceNow;

/// <summary>
/// The ServiceNow REST calls the adapter makes: the Table API (incident, sys_user, cmn_rota) and the on-call rota API.
/// Every call sends HTTP Basic credentials and <c>Accept: application/json</c>. Only <c>Retry-After</c> sets the retry
/// delay of a 429: ServiceNow's <c>X-RateLimit-Reset</c> is a Unix time, not a delay.
/// </summary>
internal sealed class ServiceNowApiClient
{
    /// <summary>The date-time format of the who-is-on-call API (no time zone: the API user's own).</summary>
    public const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss";

    private readonly ServiceNowOptions _options;
    private readonly JsonApi _api;
    private readonly AuthenticationHeaderValue _authorization;

    public ServiceNowApiClient(HttpClient http, ServiceNowOptions options)
    {
        _options = options;
        _api = new JsonApi(http, "ServiceNow", ReadErrorDetail, resetHeader: null);
        _authorization = BasicCredentials.Header(options.Username, options.Password);
    }

    /// <summary>Reads one incident: proves the credentials and the incident table's read access.</summary>
    public Task<ServiceNowResult<List<ServiceNowIncident>>> ProbeIncidentsAsync(CancellationToken cancellationToken) =>
        _api.SendAsync(
            Request(HttpMethod.Get, "api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id"),
            "GET table/incident",
            ServiceNowJsonContext.Default.ServiceNowResultListServiceNowIncident,
            cancellationToken);

    /// <summary>The oldest incident carrying <paramref name="correlationId"/>, or null when there is none.</summary>
    public async Task<ServiceNowIncident?> FindOldestIncidentAsync(string correlationId, CancellationToken cancellationToken)
    {
        // The oldest incident is the request's one on every replica: creation time, then the sequential number.
        var query = Uri.EscapeDataString($"correlation_id={correlationId}^ORDERBYsys_created_on^ORDERBYnumber");
        var answer = await _api.SendAsync(
            Request(HttpMethod.Get, $"api/now/table/incident?sysparm_query={query}&sysparm_fields=sys_id,number&sysparm_limit=10"),
            "GET table/incident",
            ServiceNowJsonContext.Default.ServiceNowResultListServiceNowIncident,
            cancellationToken);
        return answer.Result?.Find(i => !string.IsNullOrEmpty(i.SysId));
    }

    public async Task<ServiceNowIncident> CreateIncidentAsync(ServiceNowNewIncident incident, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Post, "api/now/table/incident?sysparm_fields=sys_id,number");
        request.Content = JsonContent.Create(incident, ServiceNowJsonContext.Default.ServiceNowNewIncident);
        var answer = await _api.SendAsync(request, "POST table/incident", ServiceNowJsonContext.Default.ServiceNowResultServiceNowIncident, cancellationToken);
        return answer.Result is { SysId.Length: > 0 } created
            ? created
            : throw new PermanentAdapterException("ServiceNow POST table/incident answered without a sys_id");
    }

    public async Task UpdateIncidentAsync(string sysId, ServiceNowIncidentUpdate update, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Patch, $"api/now/table/incident/{Uri.EscapeDataString(sysId)}?sysparm_fields=sys_id");
        request.Content = JsonContent.Create(update, ServiceNowJsonContext.Default.ServiceNowIncidentUpdate);
        await _api.SendAsync(request, "PATCH table/incident", cancellationToken);
    }

    /// <summary>The sys_ids of the users on call in a rota at <paramref name="dateTime"/> (already formatted).</summary>
    public async Task<IReadOnlyList<string>> WhoIsOnCallAsync(string rotaId, string dateTime, CancellationToken cancellationToken)
    {
        var answer = await _api.SendAsync(
            Request(HttpMethod.Get, $"api/now/on_call_rota/whoisoncall?rota_ids={Uri.EscapeDataString(rotaId)}&date_time={Uri.EscapeDataString(dateTime)}"),
            "GET on_call_rota/whoisoncall",
            ServiceNowJsonContext.Default.ServiceNowResultListServiceNowOnCall,
            cancellationToken);
        return [.. (answer.Result ?? []).Select(o => o.UserId).OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A user's user_name, or null when ServiceNow has no such user.</summary>
    public async Task<string?> FindUserNameAsync(string userId, CancellationToken cancellationToken) =>
        (await FindRecordAsync("sys_user", userId, "user_name", ServiceNowJsonContext.Default.ServiceNowResultServiceNowUser, cancellationToken))?.UserName;

    /// <summary>A rota's display name, or null when ServiceNow has no such rota.</summary>
    public async Task<string?> FindRotaNameAsync(string rotaId, CancellationToken cancellationToken) =>
        (await FindRecordAsync("cmn_rota", rotaId, "name", ServiceNowJsonContext.Default.ServiceNowResultServiceNowRota, cancellationToken))?.Name;

    /// <summary>One field of one record, or null when ServiceNow has no such record.</summary>
    private async Task<T?> FindRecordAsync<T>(string table, string sysId, string field, JsonTypeInfo<ServiceNowResult<T>> type, CancellationToken cancellationToken)
        where T : class
    {
        var answer = await _api.FindAsync(
            Request(HttpMethod.Get, $"api/now/table/{table}/{Uri.EscapeDataString(sysId)}?sysparm_fields={field}"),
            $"GET table/{table}",
            type,
            cancellationToken);
        return answer?.Result;
    }

    private HttpRequestMessage Request(HttpMethod method, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(_options.ApiBase, relative));
        request.Headers.Authorization = _authorization;
        return request;
    }

    private static string? ReadErrorDetail(string body)
    {
        var error = JsonSerializer.Deserialize(body, ServiceNowJsonContext.Default.ServiceNowErrorBody)?.Error;
        return (error?.Message, error?.Detail) switch
        {
            ({ Length: > 0 } message, { Length: > 0 } detail) => $"{message}: {detail}",
            ({ Length: > 0 } message, _) => message,
            (_, { Length: > 0 } detail) => detail,
            _ => null,
        };
    }
}
