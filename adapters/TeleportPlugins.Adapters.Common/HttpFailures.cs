using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common;

/// <summary>
/// Turns a tool's failed HTTP response into the exception the host understands: 429 and 5xx are transient (with the
/// delay the tool asked for), other 4xx are permanent. Messages name the tool and the call, never a token.
/// </summary>
public static class HttpFailures
{
    /// <summary>Throws when <paramref name="response"/> is not a success.</summary>
    /// <param name="response">The response.</param>
    /// <param name="tool">The tool's name, e.g. "Slack".</param>
    /// <param name="call">What was called, e.g. "chat.postMessage" (no secrets, no query strings with tokens).</param>
    /// <param name="detail">A short, non-secret detail from the body (an error code), or null.</param>
    /// <param name="resetHeader">The tool's own reset header when it has one (e.g. "ratelimit-reset", "X-RateLimit-Reset-After").</param>
    /// <exception cref="TransientAdapterException">429, 5xx or 408.</exception>
    /// <exception cref="PermanentAdapterException">Any other non-success status.</exception>
    public static void ThrowIfFailed(HttpResponseMessage response, string tool, string call, string? detail = null, string? resetHeader = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        throw Classify(response.StatusCode, response.Headers, tool, call, detail, resetHeader);
    }

    /// <summary>The exception for a failed status, without throwing it.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="headers">The response headers (for Retry-After and reset headers).</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="call">What was called.</param>
    /// <param name="detail">A short, non-secret detail, or null.</param>
    /// <param name="resetHeader">The tool's own reset header, or null.</param>
    /// <returns>A transient or permanent adapter exception.</returns>
    public static Exception Classify(HttpStatusCode status, HttpResponseHeaders headers, string tool, string call, string? detail = null, string? resetHeader = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var code = (int)status;
        var message = $"{tool} {call} failed with HTTP {code}{(string.IsNullOrEmpty(detail) ? string.Empty : $" ({detail})")}";
        return code == 429 || code == 408 || code >= 500
            ? new TransientAdapterException(message, RetryDelay(headers, resetHeader))
            : new PermanentAdapterException(message);
    }

    /// <summary>
    /// The delay the tool asked for: <c>Retry-After</c> (seconds or an HTTP date), else the tool's reset header read
    /// as seconds (fractions allowed), or null.
    /// </summary>
    /// <param name="headers">The response headers.</param>
    /// <param name="resetHeader">The tool's own reset header, or null.</param>
    /// <param name="now">The current time, for HTTP-date values; defaults to the system clock.</param>
    /// <returns>The delay, or null when the tool said nothing usable.</returns>
    public static TimeSpan? RetryDelay(HttpResponseHeaders headers, string? resetHeader = null, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - (now ?? DateTimeOffset.UtcNow);
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        if (resetHeader is not null && headers.TryGetValues(resetHeader, out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }
}
