namespace TeleportPlugins.Contracts;

/// <summary>
/// Tells a step that an earlier attempt at it may have reached the tool without the outcome being recorded: a replica
/// (another one, or this process before a crash) claimed the request's next step and stopped before confirming it, or
/// an attempt timed out or lost its connection after its call may have been sent.
/// </summary>
/// <remarks>
/// Since contract 1.2. The earlier attempt may have posted, created or commented (the tool accepted the call) and died
/// before the host stored what the step wrote to <see cref="AccessRequestStepContext.State"/>. Before repeating any
/// call that creates something, look in the tool for what the earlier attempt left, with the tool's own means (a
/// message's metadata, an issue's label or property, an idempotency key, a correlation ID), record what is found in
/// the state and create only what is missing. Edits that replace content are safe to repeat.
/// </remarks>
/// <param name="Step">
/// The step the earlier attempt claimed, as the host names it (<c>created</c>, <c>review:0</c>, <c>resolved</c>,
/// <c>expired</c>, ...). It may differ from the current step when the request changed meanwhile.
/// </param>
/// <param name="ClaimedAt">
/// When the earlier attempt claimed the step, by the host's clock. Nothing it created in the tool is older than this;
/// when searching the tool by time, allow for clock skew between the host and the tool.
/// </param>
public sealed record StepResumption(string Step, DateTimeOffset ClaimedAt);
