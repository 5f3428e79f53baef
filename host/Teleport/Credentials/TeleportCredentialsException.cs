namespace TeleportPlugins.Host.Teleport.Credentials;

/// <summary>
/// Credentials that cannot be used: a file that is missing, malformed, expired or inconsistent.
/// The message always names the file and never carries key material.
/// </summary>
internal sealed class TeleportCredentialsException : Exception
{
    public TeleportCredentialsException()
    {
    }

    public TeleportCredentialsException(string message)
        : base(message)
    {
    }

    public TeleportCredentialsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
