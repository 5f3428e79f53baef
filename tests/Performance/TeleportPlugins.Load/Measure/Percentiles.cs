namespace TeleportPlugins.Load.Measure;

/// <summary>p50 / p95 / p99 / max of a set of latencies, in milliseconds (nearest-rank).</summary>
/// <param name="Count">How many samples.</param>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="Max">Largest.</param>
public sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    /// <summary>Computes the percentiles of <paramref name="milliseconds"/> (sorted in place).</summary>
    /// <param name="milliseconds">The samples.</param>
    /// <returns>The summary; zeros when empty.</returns>
    public static Percentiles Of(List<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        if (milliseconds.Count == 0)
        {
            return new Percentiles(0, 0, 0, 0, 0);
        }

        milliseconds.Sort();
        return new Percentiles(milliseconds.Count, Rank(milliseconds, 0.50), Rank(milliseconds, 0.95), Rank(milliseconds, 0.99), milliseconds[^1]);
    }

    private static double Rank(List<double> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
}
