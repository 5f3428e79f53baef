using System.Runtime.CompilerServices;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>
/// gRPC unary and server-streaming calls over an HTTP/2 connection that the dialing code set up (TLS, ALPN,
/// client certificate live in its handler). Stands in for Grpc.Net.Client, which this registry lacks.
/// </summary>
internal sealed class HttpGrpcCallInvoker : IGrpcCallInvoker
{
    private readonly HttpMessageInvoker invoker;
    private readonly Uri baseAddress;
    private readonly GrpcTransportOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    /// <summary>Calls go to <paramref name="baseAddress"/> with the RPC's path, through <paramref name="invoker"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid or the address is not absolute http(s).</exception>
    public HttpGrpcCallInvoker(
        HttpMessageInvoker invoker,
        Uri baseAddress,
        GrpcTransportOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(options);
        if (!baseAddress.IsAbsoluteUri || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{baseAddress}' is not an absolute http or https address", nameof(baseAddress));
        }

        options.ThrowIfInvalid(nameof(options));
        this.invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));
        this.baseAddress = baseAddress;
        this.options = options;
        this.timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc />
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        TRequest request,
        GrpcCallOptions options,
        CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var call = await StartCallAsync(method, request, options, cancellationToken);
        var response = await call.ReadMessageAsync();
        if (response is not null && await call.ReadMessageAsync() is not null)
        {
            throw call.Fail(GrpcStatusCode.Internal, "the server sent more than one message for a unary call");
        }

        // A non-OK status wins over a message that came before it.
        call.EnsureOkStatus();
        return response ?? throw call.Fail(GrpcStatusCode.Internal, "the server sent no response message for a unary call");
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        TRequest request,
        GrpcCallOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var call = await StartCallAsync(method, request, options, cancellationToken);
        while (await call.ReadMessageAsync() is { } message)
        {
            yield return message;
        }

        call.EnsureOkStatus();
    }

    private async Task<HttpGrpcCall<TResponse>> StartCallAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        TRequest request,
        GrpcCallOptions options,
        CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        GrpcRequestMessage.ValidateMetadata(options.Metadata);
        GrpcTransportLog.CallStarting(logger, method.FullPath);
        var call = new HttpGrpcCall<TResponse>(
            invoker, method.FullPath, method.ResponseParser, this.options, options, timeProvider, logger, cancellationToken);
        try
        {
            await call.SendAsync(new Uri(baseAddress, method.FullPath), request, options.Metadata);
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }
}
