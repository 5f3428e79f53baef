namespace TeleportPlugins.Contracts;

/// <summary>The outcome of <see cref="IAccessRequestAdapter.CheckHealthAsync"/>.</summary>
public sealed record AdapterHealth
{
    private AdapterHealth(bool isHealthy, string description)
    {
        IsHealthy = isHealthy;
        Description = description;
    }

    /// <summary>Whether the adapter can serve requests.</summary>
    public bool IsHealthy { get; }

    /// <summary>What was checked, or what is wrong: name the tool and the cause, never a secret.</summary>
    public string Description { get; }

    /// <summary>The adapter is ready.</summary>
    /// <param name="description">What was checked, e.g. "authenticated to Slack as teleport-bot".</param>
    /// <returns>A healthy result.</returns>
    public static AdapterHealth Healthy(string description) => new(true, description);

    /// <summary>The adapter cannot work.</summary>
    /// <param name="description">The cause, e.g. "Slack rejected the token (invalid_auth)".</param>
    /// <returns>An unhealthy result.</returns>
    public static AdapterHealth Unhealthy(string description) => new(false, description);
}
