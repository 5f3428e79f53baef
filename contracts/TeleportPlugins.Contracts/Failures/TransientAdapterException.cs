namespace TeleportPlugins.Contracts;

/// <summary>
/// A failure worth retrying: the tool was rate-limited, unavailable or timed out. The host retries the step after
/// <see cref="RetryAfter"/> when it is set (as given, without growing its backoff), else with backoff. Never put a
/// secret in the message.
/// </summary>
public sealed class TransientAdapterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransientAdapterException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the tool.</param>
    public TransientAdapterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the tool.</param>
    /// <param name="innerException">The cause.</param>
    public TransientAdapterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the delay the tool asked for.</summary>
    /// <param name="message">What failed, naming the tool.</param>
    /// <param name="retryAfter">The delay from <c>Retry-After</c> or the tool's own reset header.</param>
    public TransientAdapterException(string message, TimeSpan? retryAfter)
        : base(message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>The least time to wait before retrying, when the tool said so.</summary>
    public TimeSpan? RetryAfter { get; }
}
