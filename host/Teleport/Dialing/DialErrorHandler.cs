namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>
/// Puts the dialer's own explanation on top of a failed request. SocketsHttpHandler reports connection failures with
/// the URI's host (teleport.cluster.local), which is not where it connected, and a rejected client certificate or an
/// expired connect timeout without naming either; this handler rethrows with the message that names the real address
/// and cause, keeping <see cref="HttpRequestException.HttpRequestError"/> and the original as inner exception, where
/// <see cref="ConnectionFailures"/> finds it under Grpc.Net.Client's RpcException.
/// </summary>
internal sealed class DialErrorHandler : DelegatingHandler
{
    private readonly TeleportDialer dialer;
    private readonly SocketsHttpHandler sockets;

    public DialErrorHandler(TeleportDialer dialer, SocketsHttpHandler sockets)
        : base(sockets)
    {
        this.dialer = dialer;
        this.sockets = sockets;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var rejectionMark = dialer.RejectionMark;
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when ((FindConnectionFailure(e) ?? dialer.RejectionSince(rejectionMark)) is { } failure)
        {
            throw new HttpRequestException(e.HttpRequestError, failure.Message, failure);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // SocketsHttpHandler's ConnectTimeout covers TCP and the TLS handshake in both modes; this is how it reports expiry.
            var failure = dialer.TimedOut(sockets.ConnectTimeout, e);
            throw new HttpRequestException(HttpRequestError.ConnectionError, failure.Message, failure);
        }
    }

    private static TeleportConnectionException? FindConnectionFailure(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is TeleportConnectionException failure)
            {
                return failure;
            }
        }

        return null;
    }
}
