namespace TeleportPlugins.Adapters.Common.Reviews;

/// <summary>The answer of <see cref="ReplayGuard.Check"/>.</summary>
public enum ReplayCheck
{
    /// <summary>First seen, inside the window: handle it.</summary>
    Accepted = 0,

    /// <summary>Its timestamp is outside the window (too old, or too far in the future): refuse it.</summary>
    Stale = 1,

    /// <summary>Already seen inside the window: a replay or a retried delivery; do nothing new.</summary>
    Replayed = 2,

    /// <summary>Too many callbacks inside the window to remember one more: refuse it (the tool retries later).</summary>
    Full = 3,
}
