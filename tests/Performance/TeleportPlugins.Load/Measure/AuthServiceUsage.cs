using System.Globalization;
using TeleportPlugins.Load.Results;
using TeleportPlugins.Simulator.Grpc;

namespace TeleportPlugins.Load.Measure;

/// <summary>
/// The Auth Service calls made while a phase ran (the difference of two snapshots of the simulator's counter), and the
/// rows that report them: calls per delivered step and one row per RPC used.
/// </summary>
public sealed class AuthServiceUsage
{
    /// <summary>Issue 17's target for the common path: a read and a compare-and-swap per step, as Teleport's own plugins.</summary>
    public const double TargetPerStep = 2;

    // Once per connection or per INIT, not per step: left out of the per-step figure (their own rows still show them).
    private static readonly HashSet<string> PerConnection = new(["Ping", "WatchEvents", "ListAccessRequests"], StringComparer.Ordinal);

    private AuthServiceUsage(IReadOnlyDictionary<string, long> perRpc, long compareFailures)
    {
        PerRpc = perRpc;
        CompareFailures = compareFailures;
    }

    /// <summary>Calls per RPC during the phase, only those used, in the counter's order.</summary>
    public IReadOnlyDictionary<string, long> PerRpc { get; }

    /// <summary>Every call during the phase.</summary>
    public long Total => PerRpc.Values.Sum();

    /// <summary>Compare-and-swaps refused (FailedPrecondition) during the phase.</summary>
    public long CompareFailures { get; }

    /// <summary>Where a phase starts: the counter's values now.</summary>
    /// <param name="counter">The simulator's counter.</param>
    /// <returns>A mark to pass to <see cref="Since"/>.</returns>
    public static AuthServiceUsage Mark(AuthServiceCallCounter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        return new AuthServiceUsage(counter.Snapshot(), counter.CompareFailures);
    }

    /// <summary>The calls made since <paramref name="mark"/>.</summary>
    /// <param name="mark">Where the phase started.</param>
    /// <param name="counter">The simulator's counter.</param>
    /// <returns>The calls of the phase.</returns>
    public static AuthServiceUsage Since(AuthServiceUsage mark, AuthServiceCallCounter counter)
    {
        ArgumentNullException.ThrowIfNull(mark);
        ArgumentNullException.ThrowIfNull(counter);
        var perRpc = counter.Snapshot()
            .Select(c => (c.Key, Calls: c.Value - mark.PerRpc.GetValueOrDefault(c.Key)))
            .Where(c => c.Calls > 0)
            .ToDictionary(c => c.Key, c => c.Calls, StringComparer.Ordinal);
        return new AuthServiceUsage(perRpc, counter.CompareFailures - mark.CompareFailures);
    }

    /// <summary>
    /// The rows: calls per delivered step (every RPC but the once-per-connection Ping, WatchEvents and
    /// ListAccessRequests; against the target, when <paramref name="withTarget"/>), then one per RPC used.
    /// </summary>
    /// <param name="prefix">Put before each name (e.g. <c>10,000: </c>), or empty.</param>
    /// <param name="steps">Steps delivered during the phase.</param>
    /// <param name="withTarget">Whether the run is the common path the target is for (not one with injected faults).</param>
    /// <returns>The rows.</returns>
    public IEnumerable<Metric> Metrics(string prefix, long steps, bool withTarget)
    {
        var perStep = (double)PerRpc.Where(c => !PerConnection.Contains(c.Key)).Sum(c => c.Value) / Math.Max(1, steps);
        yield return withTarget
            ? new Metric($"{prefix}Auth Service calls per delivered step", perStep, string.Empty, string.Create(CultureInfo.InvariantCulture, $"≤ {TargetPerStep}"), perStep <= TargetPerStep)
            : new Metric($"{prefix}Auth Service calls per delivered step", perStep, string.Empty);
        foreach (var (rpc, calls) in PerRpc)
        {
            yield return new Metric($"{prefix}Auth Service calls, {rpc}", calls, string.Empty);
        }

        if (PerRpc.ContainsKey("UpdatePluginData"))
        {
            yield return new Metric($"{prefix}compare-and-swaps refused (FailedPrecondition, then re-read)", CompareFailures, string.Empty);
        }
    }
}
