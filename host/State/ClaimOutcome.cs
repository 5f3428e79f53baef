namespace TeleportPlugins.Host.State;

/// <summary>How a claim attempt ended.</summary>
internal enum ClaimOutcome
{
    /// <summary>This replica holds the claim and performs the step.</summary>
    Claimed = 0,

    /// <summary>The step is no longer owed (done or failed meanwhile, maybe by another replica): re-plan.</summary>
    NotOwed = 1,

    /// <summary>Another replica holds a live claim: check again later, do not perform.</summary>
    Busy = 2,
}
