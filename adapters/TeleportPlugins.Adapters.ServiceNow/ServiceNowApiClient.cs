using System.Text.Json;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Adapters.ServiceNow.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.ServiceNow;

/// <summary>
/// The adapter's ServiceNow calls: <see cref="IServiceNowApi"/> (Refit's generated client) under the failure rule every
/// tool shares. Only <c>Retry-After</c> sets the retry delay of a 429: ServiceNow's <c>X-RateLimit-Reset</c> is a Unix
/// time, not a delay.
/// </summary>
internal sealed class ServiceNowApiClient(HttpClient http, ServiceNowOptions options) : IDisposable
{
    /// <summary>The date-time format of the who-is-on-call API (no time zone: the API user's own).</summary>
    public const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss";

    private static readonly ToolCalls Calls = new("ServiceNow", ReadErrorDetail);
    private readonly RefitApi<IServiceNowApi> _servicenow = RefitApi.Create<IServiceNowApi>(http, options.ApiBase, ServiceNowJsonContext.Default, BasicCredentials.Header(options.Username, options.Password));

    private IServiceNowApi Api => _servicenow.Api;

    /// <summary>Reads one incident: proves the credentials and the incident table's read access.</summary>
    public Task ProbeIncidentsAsync(CancellationToken cancellationToken) =>
        Calls.SendAsync("GET table/incident", () => Api.ProbeIncidentsAsync(cancellationToken), cancellationToken);

    /// <summary>The oldest incident carrying <paramref name="correlationId"/>, or null when there is none.</summary>
    public async Task<ServiceNowIncident?> FindOldestIncidentAsync(string correlationId, CancellationToken cancellationToken)
    {
        // The oldest incident is the request's one on every replica: creation time, then the sequential number.
        var query = $"correlation_id={correlationId}^ORDERBYsys_created_on^ORDERBYnumber";
        var answer = await Calls.SendAsync("GET table/incident", () => Api.FindIncidentsAsync(query, cancellationToken), cancellationToken);
        return answer.Result?.Find(i => !string.IsNullOrEmpty(i.SysId));
    }

    /// <summary>Whether a work note of the incident contains <paramref name="marker"/> (one indexed journal query).</summary>
    public async Task<bool> HasWorkNoteAsync(string sysId, string marker, CancellationToken cancellationToken)
    {
        var query = $"name=incident^element_id={sysId}^element=work_notes^valueLIKE{marker}";
        var answer = await Calls.SendAsync("GET table/sys_journal_field", () => Api.FindJournalEntriesAsync(query, cancellationToken), cancellationToken);
        return answer.Result is { Count: > 0 };
    }

    public async Task<ServiceNowIncident> CreateIncidentAsync(ServiceNowNewIncident incident, CancellationToken cancellationToken)
    {
        var answer = await Calls.SendAsync("POST table/incident", () => Api.CreateIncidentAsync(incident, cancellationToken), cancellationToken);
        return answer.Result is { SysId.Length: > 0 } created
            ? created
            : throw new PermanentAdapterException("ServiceNow POST table/incident answered without a sys_id");
    }

    public Task UpdateIncidentAsync(string sysId, ServiceNowIncidentUpdate update, CancellationToken cancellationToken) =>
        Calls.SendAsync("PATCH table/incident", () => Api.UpdateIncidentAsync(sysId, update, cancellationToken), cancellationToken);

    /// <summary>The sys_ids of the users on call in a rota at <paramref name="dateTime"/> (already formatted).</summary>
    public async Task<IReadOnlyList<string>> WhoIsOnCallAsync(string rotaId, string dateTime, CancellationToken cancellationToken)
    {
        var answer = await Calls.SendAsync("GET on_call_rota/whoisoncall", () => Api.WhoIsOnCallAsync(rotaId, dateTime, cancellationToken), cancellationToken);
        return [.. (answer.Result ?? []).Select(o => o.UserId).OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A user's user_name, or null when ServiceNow has no such user.</summary>
    public async Task<string?> FindUserNameAsync(string userId, CancellationToken cancellationToken) =>
        (await Calls.FindAsync("GET table/sys_user", () => Api.GetUserAsync(userId, cancellationToken), cancellationToken))?.Result?.UserName;

    /// <summary>A rota's display name, or null when ServiceNow has no such rota.</summary>
    public async Task<string?> FindRotaNameAsync(string rotaId, CancellationToken cancellationToken) =>
        (await Calls.FindAsync("GET table/cmn_rota", () => Api.GetRotaAsync(rotaId, cancellationToken), cancellationToken))?.Result?.Name;

    public void Dispose() => _servicenow.Dispose();

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
