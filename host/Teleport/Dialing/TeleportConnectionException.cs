namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>A failed connection to Teleport; the message names the address and the cause, never key material.</summary>
internal sealed class TeleportConnectionException : IOException
{
    public TeleportConnectionException()
    {
    }

    public TeleportConnectionException(string message)
        : base(message)
    {
    }

    public TeleportConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TeleportConnectionException(TeleportConnectionFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Why the connection failed.</summary>
    public TeleportConnectionFailure Failure { get; }
}
