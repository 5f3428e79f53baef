using System.Net;
using System.Text.Json;
using Refit;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Refit;

/// <summary>
/// Runs a tool's Refit calls and turns their failures into the host's exceptions, one rule for every tool: an error
/// status is classified by <see cref="HttpFailures"/> (429 and 5xx transient with the tool's Retry-After, other 4xx
/// permanent) with a short detail from the tool's error body; a success body that is not the expected JSON and a tool
/// that cannot be reached are transient (the host retries the step and records it as failed when it gives up); the
/// caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
/// <param name="tool">The tool's name for messages, e.g. "Jira".</param>
/// <param name="errorDetail">Reads a short, non-secret detail from an error body, or null; may throw JsonException.</param>
/// <param name="resetHeader">The tool's own rate-limit reset header, or null.</param>
public sealed class ToolCalls(string tool, Func<string, string?>? errorDetail = null, string? resetHeader = null)
{
    /// <summary>The longest error detail kept in a message.</summary>
    public const int MaxDetailLength = 300;

    /// <summary>Sends a call and returns its answer.</summary>
    /// <typeparam name="T">The answer.</typeparam>
    /// <param name="call">What is called, for messages (method and path, no secrets).</param>
    /// <param name="send">The Refit call; it carries the caller's cancellation token.</param>
    /// <param name="cancellationToken">The token the call carries, to tell the caller's cancellation from a failure.</param>
    /// <returns>The answer.</returns>
    public async Task<T> SendAsync<T>(string call, Func<Task<T>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        try
        {
            return await send() ?? throw new TransientAdapterException($"{tool} {call} answered with an empty body");
        }
        catch (Exception e) when (Translate(e, call, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Like <see cref="SendAsync{T}"/>, but a 404 answers null instead of failing.</summary>
    /// <typeparam name="T">The answer.</typeparam>
    /// <param name="call">What is called, for messages.</param>
    /// <param name="send">The Refit call.</param>
    /// <param name="cancellationToken">The token the call carries.</param>
    /// <returns>The answer, or null when the tool has no such object.</returns>
    public async Task<T?> FindAsync<T>(string call, Func<Task<T>> send, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(send);
        try
        {
            return await send();
        }
        catch (ApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (Translate(e, call, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Sends a call whose answer is not needed.</summary>
    /// <param name="call">What is called, for messages.</param>
    /// <param name="send">The Refit call.</param>
    /// <param name="cancellationToken">The token the call carries.</param>
    /// <returns>A task that completes when the tool accepted the call.</returns>
    public async Task SendAsync(string call, Func<Task> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        try
        {
            await send();
        }
        catch (Exception e) when (Translate(e, call, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    private Exception? Translate(Exception error, string call, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
            case ApiRequestException { InnerException: OperationCanceledException } when cancellationToken.IsCancellationRequested:
                // The host is stopping or gave up on the step: not a failure of the tool.
                return new OperationCanceledException(cancellationToken);
            case ApiException api when (int)api.StatusCode is >= 200 and < 300:
                // Refit reports a success body it cannot read as an ApiException with the success status.
                return new TransientAdapterException($"{tool} {call} answered HTTP {(int)api.StatusCode} with a body that is not the expected JSON");
            case ApiException api:
                // Not chained: Refit's exception holds the request (and its credentials header); this message is all the host needs.
                return HttpFailures.Classify(api.StatusCode, api.Headers, tool, call, Detail(api.Content) ?? CredentialsHint(api.StatusCode), resetHeader);
            // The transport's own exception is chained (never Refit's, which holds the request and its credentials): the
            // host tells from it whether the call may have reached the tool (a timeout, a connection cut after sending),
            // and then has the retry look there before creating anything again.
            case ApiRequestException { InnerException: { } cause }:
                return new TransientAdapterException($"cannot reach {tool} {call}: {cause.Message}", cause);
            case ApiRequestException request:
                return new TransientAdapterException($"cannot reach {tool} {call}: {request.Message}");
            case HttpRequestException http:
                return new TransientAdapterException($"cannot reach {tool} {call}: {http.Message}", http);
            case JsonException:
                return new TransientAdapterException($"{tool} {call} answered with a body that is not the expected JSON");
            default:
                return null;
        }
    }

    /// <summary>What a bare 401 or 403 means to the operator, when the tool's body says nothing readable.</summary>
    private static string? CredentialsHint(HttpStatusCode status) =>
        status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? "the credentials were rejected" : null;

    private string? Detail(string? body)
    {
        if (errorDetail is null || string.IsNullOrEmpty(body))
        {
            return null;
        }

        try
        {
            var detail = errorDetail(body);
            return detail is null ? null : TextLimits.Truncate(detail.ReplaceLineEndings(" "), MaxDetailLength);
        }
        catch (JsonException)
        {
            // Rate-limit and gateway errors may come without a JSON body; the status alone decides.
            return null;
        }
    }
}
