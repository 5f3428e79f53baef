using System.Net;
using System.Net.Http.Json;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Opsgenie.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Opsgenie;

/// <summary>
/// The Opsgenie REST API calls the adapter makes, with <c>Authorization: GenieKey …</c>. Alert writes are
/// asynchronous in Opsgenie (202 and a request ID); <see cref="GetRequestStatusAsync"/> tells how they ended.
/// Failures become transient (429 with <c>X-RateLimit-Period-In-Sec</c>, 5xx) or permanent adapter exceptions whose
/// messages name the call and Opsgenie's message, never the key.
/// </summary>
internal sealed class OpsgenieApiClient(HttpClient http, OpsgenieOptions options)
{
    private const string Tool = "Opsgenie";
    private const string ResetHeader = "X-RateLimit-Period-In-Sec";
    private const string HeartbeatName = "teleport-access-heartbeat";

    private readonly Uri _baseUrl = options.ApiBaseUrl ?? throw new ArgumentException("api_host is not valid", nameof(options));

    /// <summary>Pings the anchor's heartbeat: authenticated, answered even when the heartbeat does not exist.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"v2/heartbeats/{HeartbeatName}/ping", content: null, cancellationToken);
        // A 404 means the key was accepted and only the heartbeat is unknown.
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await ThrowIfFailedAsync(response, "GET /v2/heartbeats/{name}/ping", cancellationToken);
        }
    }

    /// <summary><c>POST /v2/alerts</c>; returns the request ID to poll.</summary>
    public async Task<string> CreateAlertAsync(OpsgenieNewAlert alert, CancellationToken cancellationToken)
    {
        const string call = "POST /v2/alerts";
        using var response = await SendAsync(HttpMethod.Post, "v2/alerts", JsonContent.Create(alert, OpsgenieJsonContext.Default.OpsgenieNewAlert), cancellationToken);
        await ThrowIfFailedAsync(response, call, cancellationToken);
        var accepted = await JsonApiResponses.ReadAsync(response, OpsgenieJsonContext.Default.OpsgenieAccepted, Tool, call, cancellationToken);
        return accepted.RequestId is { Length: > 0 } id ? id : throw new TransientAdapterException($"{Tool} {call} answered without a requestId");
    }

    /// <summary>How an asynchronous request ended, or null while Opsgenie has not processed it (404).</summary>
    public async Task<OpsgenieRequestStatus?> GetRequestStatusAsync(string requestId, CancellationToken cancellationToken)
    {
        const string call = "GET /v2/alerts/requests/{id}";
        using var response = await SendAsync(HttpMethod.Get, $"v2/alerts/requests/{Uri.EscapeDataString(requestId)}", content: null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await ThrowIfFailedAsync(response, call, cancellationToken);
        var status = await JsonApiResponses.ReadAsync(response, OpsgenieJsonContext.Default.OpsgenieDataOpsgenieRequestStatus, Tool, call, cancellationToken);
        return status.Data ?? throw new TransientAdapterException($"{Tool} {call} answered without data");
    }

    /// <summary><c>POST /v2/alerts/{id}/notes?identifierType=id</c>.</summary>
    public Task AddNoteAsync(string alertId, string note, CancellationToken cancellationToken) =>
        AlertActionAsync(alertId, "notes", note, cancellationToken);

    /// <summary><c>POST /v2/alerts/{id}/close?identifierType=id</c> with a note.</summary>
    public Task CloseAlertAsync(string alertId, string note, CancellationToken cancellationToken) =>
        AlertActionAsync(alertId, "close", note, cancellationToken);

    /// <summary>The user names on call now in a schedule named <paramref name="scheduleName"/>, or null when there is no such schedule.</summary>
    public async Task<IReadOnlyList<string>?> OnCallRecipientsAsync(string scheduleName, CancellationToken cancellationToken)
    {
        const string call = "GET /v2/schedules/{name}/on-calls";
        // scheduleIdentifierType (not identifierType) selects lookup by name; flat=true lists user names (e-mails).
        var relative = $"v2/schedules/{Uri.EscapeDataString(scheduleName)}/on-calls?scheduleIdentifierType=name&flat=true";
        using var response = await SendAsync(HttpMethod.Get, relative, content: null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await ThrowIfFailedAsync(response, call, cancellationToken);
        var onCalls = await JsonApiResponses.ReadAsync(response, OpsgenieJsonContext.Default.OpsgenieDataOpsgenieOnCalls, Tool, call, cancellationToken);
        return onCalls.Data?.OnCallRecipients ?? [];
    }

    private async Task AlertActionAsync(string alertId, string action, string note, CancellationToken cancellationToken)
    {
        var call = $"POST /v2/alerts/{{id}}/{action}";
        var body = JsonContent.Create(new OpsgenieAlertNote(note, "Teleport"), OpsgenieJsonContext.Default.OpsgenieAlertNote);
        using var response = await SendAsync(HttpMethod.Post, $"v2/alerts/{Uri.EscapeDataString(alertId)}/{action}?identifierType=id", body, cancellationToken);
        await ThrowIfFailedAsync(response, call, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseUrl, relative)) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", "GenieKey " + options.ApiKey);
        request.Headers.Accept.ParseAdd("application/json");
        return await http.SendAsync(request, cancellationToken);
    }

    private static Task ThrowIfFailedAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken) =>
        JsonApiResponses.ThrowIfFailedAsync(response, OpsgenieJsonContext.Default.OpsgenieError, e => e.Message, Tool, call, ResetHeader, cancellationToken);
}
