namespace TeleportPlugins.Host.Teleport;

/// <summary>The Auth Service is too old, or says something that is not a version.</summary>
internal sealed class TeleportVersionException : Exception
{
    public TeleportVersionException()
    {
    }

    public TeleportVersionException(string message)
        : base(message)
    {
    }

    public TeleportVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
