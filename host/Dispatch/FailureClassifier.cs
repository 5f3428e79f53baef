using System.Net;
using Grpc.Core;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Dispatch;

/// <summary>Sorts an adapter's failure into "retry later" or "record as failed", as design.md §5 says.</summary>
internal static class FailureClassifier
{
    /// <summary>Classifies a failure.</summary>
    /// <param name="error">What the adapter threw.</param>
    /// <param name="retryAfter">The least delay the tool asked for, when it did.</param>
    /// <returns>True when the step should be retried.</returns>
    public static bool IsTransient(Exception error, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        switch (error)
        {
            case TransientAdapterException transient:
                retryAfter = transient.RetryAfter;
                return true;
            case PermanentAdapterException:
                return false;
            case HttpRequestException http:
                // No status means the connection failed; 429 and 5xx are the tool asking to come back later.
                return http.StatusCode is null or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError;
            case TimeoutException:
            case TaskCanceledException { InnerException: TimeoutException }:
                return true;
            case RpcException grpc:
                return grpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;
            default:
                return false;
        }
    }

    /// <summary>
    /// Whether a failed call may still have reached the tool and done its work: the call timed out, or the connection
    /// broke after the request may have been sent (an HTTP error without a status, other than failing to connect).
    /// Wrapped causes count too, as adapters wrap them in <see cref="TransientAdapterException"/>.
    /// </summary>
    /// <param name="error">What the adapter threw.</param>
    /// <returns>True when the retry must look in the tool before creating anything again.</returns>
    public static bool MayHaveReachedTool(Exception error)
    {
        for (var cause = error; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case TimeoutException:
                case HttpRequestException { StatusCode: null } http when http.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError):
                    return true;
                case HttpRequestException:
                case PermanentAdapterException:
                    return false;
            }
        }

        return false;
    }
}
