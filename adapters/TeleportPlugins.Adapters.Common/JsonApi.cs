using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common;

/// <summary>
/// Sends one JSON API call and maps the outcome: success bodies are deserialized, failures become the host's
/// transient or permanent exceptions with a short detail read from the tool's error envelope.
/// </summary>
/// <param name="http">The host's client.</param>
/// <param name="tool">The tool's name for messages, e.g. "Jira".</param>
/// <param name="errorDetail">Reads a short, non-secret detail from an error body, or null.</param>
/// <param name="resetHeader">The tool's own rate-limit reset header, or null.</param>
public sealed class JsonApi(HttpClient http, string tool, Func<string, string?> errorDetail, string? resetHeader = null)
{
    /// <summary>The longest error detail kept in a message.</summary>
    public const int MaxDetailLength = 300;

    /// <summary>The JSON media type.</summary>
    public static MediaTypeWithQualityHeaderValue JsonMediaType { get; } = new("application/json");

    /// <summary>Sends the call and deserializes the successful response.</summary>
    /// <typeparam name="T">The response type.</typeparam>
    /// <param name="request">The request, with its auth header.</param>
    /// <param name="call">What is called, for messages (method and path, no secrets).</param>
    /// <param name="responseType">The response's JSON type info.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response body.</returns>
    public async Task<T> SendAsync<T>(HttpRequestMessage request, string call, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await SendCoreAsync(request, call, notFoundAsNull: false, cancellationToken);
        return await ReadAsync(response!, call, responseType, cancellationToken);
    }

    /// <summary>Like <see cref="SendAsync{T}"/>, but a 404 answers null instead of failing.</summary>
    /// <typeparam name="T">The response type.</typeparam>
    /// <param name="request">The request, with its auth header.</param>
    /// <param name="call">What is called, for messages.</param>
    /// <param name="responseType">The response's JSON type info.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response body, or null when the tool has no such object.</returns>
    public async Task<T?> FindAsync<T>(HttpRequestMessage request, string call, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await SendCoreAsync(request, call, notFoundAsNull: true, cancellationToken);
        return response is null ? null : await ReadAsync(response, call, responseType, cancellationToken);
    }

    /// <summary>Sends the call and ignores the successful response's body.</summary>
    /// <param name="request">The request, with its auth header.</param>
    /// <param name="call">What is called, for messages.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the tool accepted the call.</returns>
    public async Task SendAsync(HttpRequestMessage request, string call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await SendCoreAsync(request, call, notFoundAsNull: false, cancellationToken);
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, string call, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
        where T : class
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(text, responseType)
                ?? throw new PermanentAdapterException($"{tool} {call} returned an empty response");
        }
        catch (JsonException)
        {
            // A proxy's HTML page or a wrong base URL: retrying will not change the answer.
            throw new PermanentAdapterException($"{tool} {call} returned a response that is not the expected JSON (is the URL right?)");
        }
    }

    private async Task<HttpResponseMessage?> SendCoreAsync(HttpRequestMessage request, string call, bool notFoundAsNull, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Accept.Add(JsonMediaType);
            var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            if (notFoundAsNull && response.StatusCode == HttpStatusCode.NotFound)
            {
                response.Dispose();
                return null;
            }

            await ThrowFailureAsync(response, call, cancellationToken);
            return null;
        }
    }

    private async Task ThrowFailureAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            string? detail;
            try
            {
                detail = body.Length == 0 ? null : errorDetail(body);
            }
            catch (JsonException)
            {
                detail = null;
            }

            detail = detail is null ? null : TextLimits.Truncate(detail.ReplaceLineEndings(" "), MaxDetailLength);
            throw HttpFailures.Classify(response.StatusCode, response.Headers, tool, call, detail, resetHeader);
        }
    }
}
