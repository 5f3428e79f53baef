using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common;

/// <summary>
/// Reads a JSON API's answers: failures become the host's transient or permanent exceptions with a short detail taken
/// from the tool's own error body, and a malformed success body is a transient failure naming the tool and call.
/// </summary>
public static class JsonApiResponses
{
    /// <summary>Throws when <paramref name="response"/> failed, with a detail read from the tool's error body.</summary>
    /// <typeparam name="TError">The tool's error body.</typeparam>
    /// <param name="response">The response.</param>
    /// <param name="errorType">How to read the error body.</param>
    /// <param name="detail">Extracts a short, non-secret detail from the error body, or null.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="call">What was called, e.g. <c>POST /incidents</c>.</param>
    /// <param name="resetHeader">The tool's own rate-limit reset header, or null.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>A task that completes when the response was a success.</returns>
    public static async Task ThrowIfFailedAsync<TError>(
        HttpResponseMessage response,
        JsonTypeInfo<TError> errorType,
        Func<TError, string?> detail,
        string tool,
        string call,
        string? resetHeader,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(detail);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string? text = null;
        try
        {
            if (await response.Content.ReadFromJsonAsync(errorType, cancellationToken) is { } error)
            {
                text = detail(error);
            }
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Rate-limit and gateway errors may come without a JSON body; the status alone decides.
        }

        throw HttpFailures.Classify(response.StatusCode, response.Headers, tool, call, text, resetHeader);
    }

    /// <summary>Reads a success body.</summary>
    /// <typeparam name="T">The body type.</typeparam>
    /// <param name="response">The response.</param>
    /// <param name="type">How to read it.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="call">What was called.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The body.</returns>
    /// <exception cref="TransientAdapterException">The body is not the expected JSON.</exception>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string tool, string call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                ?? throw new TransientAdapterException($"{tool} {call} answered with an empty body");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new TransientAdapterException($"{tool} {call} answered with a malformed body", e);
        }
    }
}
