namespace TeleportPlugins.Simulator.Grpc;

/// <summary>
/// How many calls of each RPC the simulated Auth Service received, counted as each call arrives (denied and failed
/// ones included: each is a round trip and, on a real cluster, a backend read or write). Every call on a real Auth
/// Service costs the customer's backend (etcd, DynamoDB, ...), so the load tool reports calls per delivered step. Reading
/// is cheap and safe while calls arrive; subtract two snapshots to count a phase.
/// </summary>
public sealed class AuthServiceCallCounter
{
    private static readonly string[] Names = Enum.GetNames<AuthServiceMethod>();

    private readonly long[] _calls = new long[Names.Length];
    private long _compareFailures;

    /// <summary>UpdatePluginData calls refused because an expected value did not match (FailedPrecondition).</summary>
    public long CompareFailures => Interlocked.Read(ref _compareFailures);

    /// <summary>Every RPC the simulator serves with its count so far, zeros included, in a fixed order.</summary>
    /// <returns>RPC name (as on the wire, e.g. GetPluginData) → calls received.</returns>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var snapshot = new Dictionary<string, long>(Names.Length, StringComparer.Ordinal);
        for (var i = 0; i < Names.Length; i++)
        {
            snapshot[Names[i]] = Interlocked.Read(ref _calls[i]);
        }

        return snapshot;
    }

    internal void Count(AuthServiceMethod method) => Interlocked.Increment(ref _calls[(int)method]);

    internal void CountCompareFailure() => Interlocked.Increment(ref _compareFailures);
}
