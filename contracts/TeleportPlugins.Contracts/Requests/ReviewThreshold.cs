namespace TeleportPlugins.Contracts;

/// <summary>A review threshold of an Access Request: how many approvals or denials resolve it.</summary>
/// <param name="Name">The threshold's name, may be empty.</param>
/// <param name="Filter">The predicate selecting which reviews count, may be empty.</param>
/// <param name="Approve">Approvals needed to approve.</param>
/// <param name="Deny">Denials needed to deny.</param>
public sealed record ReviewThreshold(string Name, string Filter, uint Approve, uint Deny);
