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
}
