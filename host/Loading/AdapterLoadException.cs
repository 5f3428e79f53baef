namespace TeleportPlugins.Host.Loading;

/// <summary>An adapter folder could not be loaded; the message says why, in words for the operator.</summary>
internal sealed class AdapterLoadException : Exception
{
    public AdapterLoadException()
    {
    }

    public AdapterLoadException(string message)
        : base(message)
    {
    }

    public AdapterLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
