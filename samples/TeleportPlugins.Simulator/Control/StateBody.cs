namespace TeleportPlugins.Simulator.Control;

/// <summary>POST /requests/{id}/state: state is "approved" or "denied" (other states are passed on and rejected like Teleport does).</summary>
internal sealed record StateBody(string? State, string? Reason, string? Delegator);
