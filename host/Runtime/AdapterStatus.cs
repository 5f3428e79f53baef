namespace TeleportPlugins.Host.Runtime;

/// <summary>One enabled adapter's state, as the readiness and health endpoints report it.</summary>
/// <param name="Name">The adapter's name.</param>
/// <param name="State">Where it is.</param>
/// <param name="Since">When it entered <paramref name="State"/>.</param>
/// <param name="Attempts">While retrying, the number of the next background retry (1 after the start-up attempt failed); otherwise 0.</param>
/// <param name="LastError">Why the last attempt failed (the adapter's own words, never its options), or null.</param>
/// <param name="NextAttempt">When it is tried again, while retrying.</param>
internal sealed record AdapterStatus(string Name, AdapterState State, DateTimeOffset Since, int Attempts, string? LastError, DateTimeOffset? NextAttempt);
