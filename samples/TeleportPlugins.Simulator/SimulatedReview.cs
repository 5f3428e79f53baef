using TeleportPlugins.Contracts;

namespace TeleportPlugins.Simulator;

/// <summary>A review recorded on a request.</summary>
public sealed record SimulatedReview(string Author, AccessRequestState ProposedState, string Reason, DateTimeOffset Created);
