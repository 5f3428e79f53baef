using BenchmarkDotNet.Reports;
using TeleportPlugins.Performance.Results;

namespace TeleportPlugins.Benchmarks.Results;

/// <summary>Turns BenchmarkDotNet's summaries into our own report, which the writer and its tests know.</summary>
internal static class SummaryReader
{
    /// <summary>The report of a run: the machine and one row per benchmark that produced a result.</summary>
    /// <param name="summaries">What BenchmarkDotNet returned.</param>
    /// <param name="environment">The machine and commit, captured when the run finished.</param>
    /// <returns>The report.</returns>
    public static MicroBenchmarkReport ToReport(IReadOnlyList<Summary> summaries, RunEnvironment environment) => new(
        environment.MeasuredAt.ToUniversalTime(),
        environment.Commit == RunEnvironment.UnknownCommit ? null : environment.Commit,
        environment.Cores,
        summaries.Count > 0 ? summaries[0].HostEnvironmentInfo.Cpu.Value?.ProcessorName : null,
        environment.Os,
        environment.Dotnet,
        [.. Reports(summaries).Where(report => report.ResultStatistics is not null).Select(ToResult)]);

    /// <summary>The benchmarks that ran but produced no result (they threw, or their process failed).</summary>
    /// <param name="summaries">What BenchmarkDotNet returned.</param>
    /// <returns>Their names.</returns>
    public static IReadOnlyList<string> Failed(IReadOnlyList<Summary> summaries) =>
        [.. Reports(summaries).Where(report => report.ResultStatistics is null).Select(report => Name(report.BenchmarkCase))];

    private static IEnumerable<BenchmarkReport> Reports(IReadOnlyList<Summary> summaries) => summaries.SelectMany(summary => summary.Reports);

    private static MicroBenchmarkResult ToResult(BenchmarkReport report)
    {
        var statistics = report.ResultStatistics!;
        return new MicroBenchmarkResult(
            Name(report.BenchmarkCase),
            report.BenchmarkCase.Job.ResolvedId,
            statistics.Mean,
            statistics.Median,
            Finite(statistics.ConfidenceInterval.Margin),
            Finite(statistics.StandardDeviation),
            report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
    }

    // One iteration (the Dry job) has no spread: BenchmarkDotNet says NaN, which JSON cannot carry.
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Name(BenchmarkDotNet.Running.BenchmarkCase benchmark)
    {
        var name = benchmark.Descriptor.Type.Name + "." + benchmark.Descriptor.WorkloadMethod.Name;
        return benchmark.HasParameters ? $"{name}({benchmark.Parameters.DisplayInfo})" : name;
    }
}
