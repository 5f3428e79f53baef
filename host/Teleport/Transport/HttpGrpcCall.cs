using System.Net;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>
/// One call on an HTTP/2 stream: sends the request, reads response messages, reads the final status, and turns
/// every failure into a <see cref="GrpcCallException"/> (or, for the caller's own cancellation, an
/// <see cref="OperationCanceledException"/>). Disposing it before the status was read resets the stream.
/// </summary>
/// <remarks>
/// Its methods take no CancellationToken: the caller's token and the deadline are bound once, at creation, so that
/// every step of the call (and the reset on dispose) obeys the same cancellation.
/// </remarks>
internal sealed class HttpGrpcCall<TResponse> : IDisposable
    where TResponse : class, IMessage<TResponse>
{
    private readonly HttpMessageInvoker invoker;
    private readonly string method;
    private readonly MessageParser<TResponse> parser;
    private readonly GrpcTransportOptions transportOptions;
    private readonly ILogger logger;
    private readonly CancellationToken callerToken;
    private readonly TimeSpan? timeout;
    private readonly CancellationTokenSource? deadlineSource;
    private readonly CancellationTokenSource callSource;
    private HttpRequestMessage? request;
    private HttpResponseMessage? response;
    private GrpcMessageReader? reader;
    private GrpcStatus? trailersOnlyStatus;
    private bool finished;

    public HttpGrpcCall(
        HttpMessageInvoker invoker,
        string method,
        MessageParser<TResponse> parser,
        GrpcTransportOptions transportOptions,
        GrpcCallOptions callOptions,
        TimeProvider timeProvider,
        ILogger logger,
        CancellationToken callerToken)
    {
        this.invoker = invoker;
        this.method = method;
        this.parser = parser;
        this.transportOptions = transportOptions;
        this.logger = logger;
        this.callerToken = callerToken;
        if (callOptions.Deadline is { } deadline)
        {
            timeout = deadline - timeProvider.GetUtcNow();
            if (timeout > TimeSpan.Zero)
            {
                deadlineSource = new CancellationTokenSource(timeout.Value, timeProvider);
            }
        }

        callSource = deadlineSource is null
            ? CancellationTokenSource.CreateLinkedTokenSource(callerToken)
            : CancellationTokenSource.CreateLinkedTokenSource(callerToken, deadlineSource.Token);
    }

    /// <summary>Sends the request and checks the response headers; a trailers-only error is thrown here.</summary>
    public async Task SendAsync(Uri uri, IMessage message, IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        try
        {
            if (timeout <= TimeSpan.Zero)
            {
                throw new GrpcCallException(GrpcStatusCode.DeadlineExceeded, "the deadline had passed before the call started");
            }

            var frame = GrpcFrame.Encode(message, transportOptions.MaxSendMessageSize);
            request = GrpcRequestMessage.Create(uri, frame, timeout, metadata);
            response = await invoker.SendAsync(request, callSource.Token);

            // A trailers-only response (usually an immediate error) has its status in the headers and no body.
            if (GrpcStatus.FromHeaders(response.Headers) is { } status)
            {
                trailersOnlyStatus = status;
                ThrowIfNotOk(status);
                return;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new GrpcCallException(
                    GrpcStatusMapping.FromHttpStatus(response.StatusCode),
                    $"HTTP status {(int)response.StatusCode} {response.ReasonPhrase} without a gRPC status");
            }

            var contentType = response.Content.Headers.ContentType?.MediaType;
            if (contentType is null || !contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
            {
                throw new GrpcCallException(GrpcStatusCode.Internal, $"the response has content-type '{contentType}', not application/grpc");
            }

            var body = await response.Content.ReadAsStreamAsync(callSource.Token);
            reader = new GrpcMessageReader(body, transportOptions.MaxReceiveMessageSize);
        }
        catch (Exception exception)
        {
            throw Translate(exception);
        }
    }

    /// <summary>The next response message, or null when the server has sent them all.</summary>
    public async Task<TResponse?> ReadMessageAsync()
    {
        if (reader is null)
        {
            return null;
        }

        try
        {
            return await reader.ReadAsync(parser, callSource.Token);
        }
        catch (Exception exception)
        {
            throw Translate(exception);
        }
    }

    /// <summary>After the last message: throws unless the server's final status is OK.</summary>
    public void EnsureOkStatus()
    {
        var status = trailersOnlyStatus
            ?? (response is null ? null : GrpcStatus.FromHeaders(response.TrailingHeaders))
            ?? new GrpcStatus(GrpcStatusCode.Internal, "the server ended the response without a grpc-status");
        finished = true;
        try
        {
            ThrowIfNotOk(status);
        }
        catch (GrpcCallException exception)
        {
            throw Translate(exception);
        }
    }

    /// <summary>A failure found by the caller of this call (e.g. a unary call without a message), logged like the others.</summary>
    public GrpcCallException Fail(GrpcStatusCode code, string detail) =>
        (GrpcCallException)Translate(new GrpcCallException(code, detail));

    /// <inheritdoc />
    public void Dispose()
    {
        if (!finished)
        {
            // Disposing an unfinished HTTP/2 response resets its stream; cancelling first stops any read still pending.
            callSource.Cancel();
        }

        response?.Dispose();
        request?.Dispose();
        callSource.Dispose();
        deadlineSource?.Dispose();
    }

    private static void ThrowIfNotOk(GrpcStatus status)
    {
        if (status.Code != GrpcStatusCode.OK)
        {
            throw new GrpcCallException(status.Code, status.Detail);
        }
    }

    private Exception Translate(Exception exception)
    {
        if (exception is OperationCanceledException && callerToken.IsCancellationRequested)
        {
            GrpcTransportLog.CallCancelled(logger, method);
            return new OperationCanceledException($"gRPC call {method} was cancelled", exception, callerToken);
        }

        var failure = exception switch
        {
            GrpcCallException known => known,
            OperationCanceledException when deadlineSource?.IsCancellationRequested == true =>
                new GrpcCallException(GrpcStatusCode.DeadlineExceeded, $"deadline of {timeout?.TotalMilliseconds:0} ms exceeded", exception),

            // Neither the caller nor the deadline: SocketsHttpHandler's ConnectTimeout elapsed.
            OperationCanceledException => new GrpcCallException(GrpcStatusCode.Unavailable, "timed out connecting to the server", exception),
            _ when FindInChain<HttpProtocolException>(exception) is { } reset => new GrpcCallException(
                GrpcStatusMapping.FromHttp2ErrorCode(reset.ErrorCode),
                $"HTTP/2 error {reset.ErrorCode}: {reset.Message}",
                exception),

            // No connection, a broken one, or a failed TLS handshake: all worth a reconnect.
            HttpRequestException or IOException => new GrpcCallException(GrpcStatusCode.Unavailable, DescribeChain(exception), exception),
            _ => new GrpcCallException(GrpcStatusCode.Internal, DescribeChain(exception), exception),
        };
        GrpcTransportLog.CallFailed(logger, method, failure.StatusCode, failure.Detail);
        return failure;
    }

    private static T? FindInChain<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static string DescribeChain(Exception exception)
    {
        var parts = new List<string>();
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (!parts.Any(p => p.Contains(current.Message, StringComparison.Ordinal)))
            {
                parts.Add(current.Message);
            }
        }

        return string.Join(": ", parts);
    }
}
