namespace TeleportPlugins.Simulator;

/// <summary>
/// A Teleport user the simulator knows, for approve-from-tool: reviews submitted on a user's behalf are checked against
/// the user's roles (<see cref="SimulatorRoles"/>), and tools bind their users to it by a trait such as <c>slack_uid</c>.
/// </summary>
/// <param name="Name">The username.</param>
/// <param name="Roles">Its roles, e.g. <see cref="SimulatorRoles.Reviewer"/>.</param>
/// <param name="Traits">Its traits: name → values.</param>
public sealed record SimulatedUser(string Name, IReadOnlyList<string> Roles, IReadOnlyDictionary<string, IReadOnlyList<string>> Traits);
