namespace TeleportPlugins.Simulator;

/// <summary>A review threshold of a new request: how many approvals or denials resolve it.</summary>
public sealed record ReviewThresholdSpec
{
    /// <summary>Threshold name, shown to reviewers.</summary>
    public string Name { get; init; } = "default";

    /// <summary>Approvals needed; 0 means this threshold never approves.</summary>
    public uint Approve { get; init; } = 1;

    /// <summary>Denials needed; 0 means this threshold never denies.</summary>
    public uint Deny { get; init; } = 1;

    /// <summary>Teleport predicate; stored and returned but not evaluated (every review matches).</summary>
    public string Filter { get; init; } = "";
}
