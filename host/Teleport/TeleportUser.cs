namespace TeleportPlugins.Host.Teleport;

/// <summary>A Teleport user as approve-from-tool needs it: the name and the traits (name → values).</summary>
/// <param name="Name">The username.</param>
/// <param name="Traits">The user's traits, e.g. <c>slack_uid: [U123]</c>.</param>
internal sealed record TeleportUser(string Name, IReadOnlyDictionary<string, IReadOnlyList<string>> Traits);
