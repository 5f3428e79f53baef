using System.Net.Http.Headers;
using System.Text.Json;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Adapters.Opsgenie.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Opsgenie;

/// <summary>
/// What the adapter asks Opsgenie, on <see cref="IOpsgenieApi"/>. Failures are classified by <see cref="ToolCalls"/>
/// (429 with <c>X-RateLimit-Period-In-Sec</c> and 5xx transient, other 4xx permanent) with Opsgenie's message, never
/// the key.
/// </summary>
internal sealed class OpsgenieApiClient(HttpClient host, OpsgenieOptions options) : IDisposable
{
    private const string HeartbeatName = "teleport-access-heartbeat";
    private const string Source = "Teleport";
    private static readonly ToolCalls Calls = new("Opsgenie", Detail, "X-RateLimit-Period-In-Sec");

    private readonly RefitApi<IOpsgenieApi> _opsgenie = RefitApi.Create<IOpsgenieApi>(
        host,
        options.ApiBaseUrl ?? throw new ArgumentException("api_host is not valid", nameof(options)),
        OpsgenieJsonContext.Default,
        new AuthenticationHeaderValue("GenieKey", options.ApiKey));

    private IOpsgenieApi Api => _opsgenie.Api;

    /// <summary>Pings the anchor's heartbeat; a 404 means the key was accepted and only the heartbeat is unknown.</summary>
    public Task PingAsync(CancellationToken cancellationToken) =>
        Calls.FindAsync("GET /v2/heartbeats/{name}/ping", () => Api.PingHeartbeatAsync(HeartbeatName, cancellationToken), cancellationToken);

    /// <summary><c>POST /v2/alerts</c>; returns the request ID to poll.</summary>
    public async Task<string> CreateAlertAsync(OpsgenieNewAlert alert, CancellationToken cancellationToken)
    {
        const string call = "POST /v2/alerts";
        var accepted = await Calls.SendAsync(call, () => Api.CreateAlertAsync(alert, cancellationToken), cancellationToken);
        return accepted.RequestId is { Length: > 0 } id ? id : throw new TransientAdapterException($"Opsgenie {call} answered without a requestId");
    }

    /// <summary>How an asynchronous request ended, or null while Opsgenie has not processed it (404).</summary>
    public async Task<OpsgenieRequestStatus?> GetRequestStatusAsync(string requestId, CancellationToken cancellationToken)
    {
        const string call = "GET /v2/alerts/requests/{id}";
        var status = await Calls.FindAsync(call, () => Api.GetRequestStatusAsync(requestId, cancellationToken), cancellationToken);
        return status is null ? null : status.Data ?? throw new TransientAdapterException($"Opsgenie {call} answered without data");
    }

    /// <summary>The ID of the alert with <paramref name="alias"/>, or null when Opsgenie has none.</summary>
    public async Task<string?> FindAlertIdAsync(string alias, CancellationToken cancellationToken)
    {
        var found = await Calls.FindAsync("GET /v2/alerts/{alias}", () => Api.GetAlertByAliasAsync(alias, cancellationToken), cancellationToken);
        return found?.Data?.Id is { Length: > 0 } id ? id : null;
    }

    /// <summary>Whether a note of the alert contains <paramref name="marker"/>, reading its notes page by page.</summary>
    public async Task<bool> HasNoteAsync(string alertId, string marker, CancellationToken cancellationToken)
    {
        string? offset = null;
        while (true)
        {
            var page = await Calls.SendAsync("GET /v2/alerts/{id}/notes", () => Api.ListNotesAsync(alertId, offset, cancellationToken), cancellationToken);
            var notes = page.Data ?? [];
            if (notes.Any(n => n.Note?.Contains(marker, StringComparison.Ordinal) == true))
            {
                return true;
            }

            if (page.Paging?.Next is null || notes.Count == 0 || notes[^1].Offset is not { Length: > 0 } last)
            {
                return false;
            }

            offset = last;
        }
    }

    /// <summary><c>POST /v2/alerts/{id}/notes?identifierType=id</c>.</summary>
    public Task AddNoteAsync(string alertId, string note, CancellationToken cancellationToken) =>
        Calls.SendAsync("POST /v2/alerts/{id}/notes", () => Api.AddNoteAsync(alertId, new OpsgenieAlertNote(note, Source), cancellationToken), cancellationToken);

    /// <summary><c>POST /v2/alerts/{id}/close?identifierType=id</c> with a note.</summary>
    public Task CloseAlertAsync(string alertId, string note, CancellationToken cancellationToken) =>
        Calls.SendAsync("POST /v2/alerts/{id}/close", () => Api.CloseAlertAsync(alertId, new OpsgenieAlertNote(note, Source), cancellationToken), cancellationToken);

    /// <summary>The user names on call now in a schedule named <paramref name="scheduleName"/>, or null when there is no such schedule.</summary>
    public async Task<IReadOnlyList<string>?> OnCallRecipientsAsync(string scheduleName, CancellationToken cancellationToken)
    {
        var onCalls = await Calls.FindAsync("GET /v2/schedules/{name}/on-calls", () => Api.GetOnCallsAsync(scheduleName, cancellationToken), cancellationToken);
        return onCalls is null ? null : onCalls.Data?.OnCallRecipients ?? [];
    }

    public void Dispose() => _opsgenie.Dispose();

    private static string? Detail(string body) => JsonSerializer.Deserialize(body, OpsgenieJsonContext.Default.OpsgenieError)?.Message;
}
