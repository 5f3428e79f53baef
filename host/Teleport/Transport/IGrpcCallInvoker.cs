using Google.Protobuf;

namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>
/// Makes gRPC calls. The seam between the Teleport client and the wire: our own HTTP/2 transport today
/// (<see cref="HttpGrpcCallInvoker"/>), Grpc.Net.Client's CallInvoker if that package ever becomes available.
/// </summary>
/// <remarks>
/// Every failure is a <see cref="GrpcCallException"/> carrying a status code, except cancellation by the caller,
/// which is an <see cref="OperationCanceledException"/>, and invalid arguments (e.g. reserved metadata keys).
/// </remarks>
internal interface IGrpcCallInvoker
{
    /// <summary>Sends one request and returns its one response.</summary>
    Task<TResponse> UnaryAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        TRequest request,
        GrpcCallOptions options,
        CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;

    /// <summary>
    /// Sends one request and yields the responses as they arrive. The call starts when enumeration starts; a non-OK
    /// status is thrown after the messages that preceded it; disposing the enumerator early cancels the call.
    /// </summary>
    IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        TRequest request,
        GrpcCallOptions options,
        CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;
}
