namespace TeleportPlugins.Host.State;

/// <summary>What trying to claim a step gave.</summary>
/// <param name="Outcome">Claimed, not owed any more, or busy elsewhere.</param>
/// <param name="Record">When claimed, the record holding the claim.</param>
/// <param name="Claim">When claimed, our claim.</param>
/// <param name="RetryIn">When busy, how long until the other replica's claim turns stale.</param>
internal sealed record ClaimResult(ClaimOutcome Outcome, RequestRecord? Record, StepClaim? Claim, TimeSpan RetryIn);
