using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Slack's Web API methods the adapter calls. The token travels only in the Authorization header (required for JSON
/// bodies) and never in a message. HTTP 429/5xx become transient failures with Slack's Retry-After.
/// </summary>
internal sealed class SlackApiClient(HttpClient http, Uri apiUrl, string token)
{
    // Slack answers failures with HTTP 200 and one of these codes when the fault is on its side.
    private static readonly HashSet<string> TransientErrors = new(StringComparer.Ordinal)
    {
        "ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout",
    };

    private readonly Uri _base = apiUrl.AbsoluteUri.EndsWith('/') ? apiUrl : new Uri(apiUrl.AbsoluteUri + "/");

    public Uri BaseAddress => _base;

    public Task<SlackAuthTestResponse> AuthTestAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "auth.test", null, SlackJsonContext.Default.SlackAuthTestResponse, cancellationToken);

    public async Task<SlackMessageResponse> PostMessageAsync(SlackPostMessageRequest request, CancellationToken cancellationToken) =>
        EnsureOk(await SendAsync(HttpMethod.Post, "chat.postMessage", JsonContent.Create(request, SlackJsonContext.Default.SlackPostMessageRequest), SlackJsonContext.Default.SlackMessageResponse, cancellationToken), "chat.postMessage");

    public async Task<SlackMessageResponse> UpdateMessageAsync(SlackUpdateMessageRequest request, CancellationToken cancellationToken) =>
        EnsureOk(await SendAsync(HttpMethod.Post, "chat.update", JsonContent.Create(request, SlackJsonContext.Default.SlackUpdateMessageRequest), SlackJsonContext.Default.SlackMessageResponse, cancellationToken), "chat.update");

    /// <summary>The user with this e-mail address, or null when Slack has none (<c>users_not_found</c>).</summary>
    public async Task<SlackUser?> LookupUserByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, $"users.lookupByEmail?email={Uri.EscapeDataString(email)}", null, SlackJsonContext.Default.SlackLookupUserResponse, cancellationToken);
        return response.Error == "users_not_found" ? null : EnsureOk(response, "users.lookupByEmail").User;
    }

    private static T EnsureOk<T>(T response, string method)
        where T : ISlackResponse
    {
        if (response.Ok)
        {
            return response;
        }

        var message = $"Slack {method} failed: {response.Error ?? "unknown error"}";
        throw TransientErrors.Contains(response.Error ?? string.Empty)
            ? new TransientAdapterException(message)
            : new PermanentAdapterException(message);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string relative, HttpContent? content, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        var call = relative.Split('?')[0];
        using var request = new HttpRequestMessage(method, new Uri(_base, relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken);
        HttpFailures.ThrowIfFailed(response, "Slack", call);
        return await JsonResponses.ReadAsync(response, responseType, "Slack", call, cancellationToken);
    }
}
