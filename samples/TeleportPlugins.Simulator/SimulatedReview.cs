namespace TeleportPlugins.Simulator;

/// <summary>A review recorded on a request.</summary>
public sealed record SimulatedReview(string Author, SimulatedRequestState ProposedState, string Reason, DateTimeOffset Created);
