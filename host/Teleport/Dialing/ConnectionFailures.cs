using Grpc.Core;

namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>
/// Puts the dialer's explanation on a call that failed for want of a connection. Grpc.Net.Client reports those as
/// "Error starting gRPC call. HttpRequestException: ..." (Unavailable, or Internal for some TLS failures) or, for a
/// stream that broke, "Error reading next message. IOException: ..."; neither says which Teleport address failed
/// or what to do. Statuses the server sent are left as they are: the server explained itself.
/// </summary>
internal static class ConnectionFailures
{
    /// <summary>
    /// The call's failure as the user should read it: <see cref="StatusCode.Unavailable"/> (so callers retry) with the
    /// <see cref="TeleportConnectionException"/>'s message as detail and the exception as <see cref="Status.DebugException"/>;
    /// null when <paramref name="error"/> came from the server or from cancellation.
    /// </summary>
    /// <param name="error">What the call threw.</param>
    /// <param name="target">"Teleport Auth Service at host:port" (the dialer's target).</param>
    public static RpcException? Explain(RpcException error, string target)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Status.DebugException is not { } local || error.StatusCode is StatusCode.Cancelled or StatusCode.DeadlineExceeded)
        {
            return null;
        }

        var failure = Find<TeleportConnectionException>(local);
        if (failure is null && Find<IOException>(local) is { } broken)
        {
            failure = new TeleportConnectionException(
                TeleportConnectionFailure.ConnectionLost,
                $"the connection to {target} broke ({broken.Message}); the host reconnects by itself, and if this keeps happening, "
                + "check the Auth Service's logs and the idle timeout of any load balancer in between",
                local);
        }

        return failure is null ? null : new RpcException(new Status(StatusCode.Unavailable, failure.Message, failure));
    }

    private static T? Find<T>(Exception? exception)
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
}
