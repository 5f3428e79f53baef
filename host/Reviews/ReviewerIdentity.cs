namespace TeleportPlugins.Host.Reviews;

/// <summary>
/// The Teleport user the host's identity acts as (the reviews it submits carry this author). Registered by whoever
/// builds the Teleport client from the identity's certificate; without it, "already reviewed" is only recognised once
/// the request is resolved.
/// </summary>
/// <param name="User">The Teleport username.</param>
internal sealed record ReviewerIdentity(string User);
