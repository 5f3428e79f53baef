using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common;

/// <summary>Reads a tool's JSON answer; a body that is not the expected JSON is a transient failure naming the call.</summary>
public static class JsonResponses
{
    /// <summary>Deserializes the body of a successful response.</summary>
    /// <typeparam name="T">The response type.</typeparam>
    /// <param name="response">The response.</param>
    /// <param name="type">The source-generated type information.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="call">What was called.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body.</returns>
    /// <exception cref="TransientAdapterException">The body is empty or not the expected JSON (a proxy's error page, a wrong URL).</exception>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string tool, string call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                ?? throw new TransientAdapterException($"{tool} {call} returned an empty body");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new TransientAdapterException($"{tool} {call} returned a response that is not {tool}'s JSON", e);
        }
    }

    /// <summary>Deserializes a failed response's error body, or returns null when it has none.</summary>
    /// <typeparam name="T">The error type.</typeparam>
    /// <param name="response">The response.</param>
    /// <param name="type">The source-generated type information.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The error, or null.</returns>
    public static async Task<T?> TryReadErrorAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Rate limiters and proxies answer in plain text; the status alone then says enough.
            return null;
        }
    }
}
