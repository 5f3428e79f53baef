namespace TeleportPlugins.Host.Teleport;

/// <summary>The host could not reach, or does not support, the configured Teleport cluster at start-up.</summary>
internal sealed class TeleportStartupException : Exception
{
    public TeleportStartupException()
    {
    }

    public TeleportStartupException(string message)
        : base(message)
    {
    }

    public TeleportStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the configuration must change (the identity is unusable), rather than the cluster.</summary>
    public bool IsConfigurationProblem { get; init; }
}
