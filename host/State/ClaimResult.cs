using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.State;

/// <summary>What trying to claim a step gave.</summary>
/// <param name="Outcome">Claimed, not owed any more, or busy elsewhere.</param>
/// <param name="Record">
/// When claimed, the record holding the claim; otherwise the record that showed the step not owed or busy, so the caller
/// re-plans from it without reading again.
/// </param>
/// <param name="Claim">When claimed, our claim.</param>
/// <param name="RetryIn">When busy, how long until the other replica's claim turns stale.</param>
/// <param name="Resumed">
/// When claimed over an earlier claim that was never confirmed or released (a replica that stopped, or this process
/// before a crash), that claim: the earlier attempt may have reached the tool, so the adapter looks before repeating.
/// </param>
internal sealed record ClaimResult(ClaimOutcome Outcome, RequestRecord? Record, StepClaim? Claim, TimeSpan RetryIn, StepResumption? Resumed = null);
