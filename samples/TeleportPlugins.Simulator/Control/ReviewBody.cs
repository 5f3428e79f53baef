namespace TeleportPlugins.Simulator.Control;

/// <summary>POST /requests/{id}/reviews: state is "approve" or "deny".</summary>
internal sealed record ReviewBody(string? Author, string? State, string? Reason);
