namespace TeleportPlugins.Contracts;

/// <summary>
/// A failure that retrying cannot fix (the tool rejected the request as invalid or forbidden). The host records the
/// step as failed with one log event and does not retry. Never put a secret in the message.
/// </summary>
public sealed class PermanentAdapterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PermanentAdapterException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the tool.</param>
    public PermanentAdapterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the tool.</param>
    /// <param name="innerException">The cause.</param>
    public PermanentAdapterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
