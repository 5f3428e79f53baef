using System.Globalization;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Performance.Results;

namespace TeleportPlugins.Benchmarks.Results;

/// <summary>
/// Writes a run's results as <c>micro.json</c> (for tools) and <c>micro.md</c> (for people) through
/// <see cref="ResultsFolder"/>, which regenerates the folder's README.
/// </summary>
internal static class MicroResultsWriter
{
    /// <summary>The files' name without extension.</summary>
    public const string Name = "micro";

    /// <summary>The JSON file's name.</summary>
    public const string JsonFileName = Name + ".json";

    /// <summary>The Markdown file's name.</summary>
    public const string MarkdownFileName = Name + ".md";

    /// <summary>Writes both files into <paramref name="directory"/>, creating it if needed, and regenerates its README.</summary>
    /// <param name="report">The run.</param>
    /// <param name="directory">Where the files go.</param>
    public static void Write(MicroBenchmarkReport report, string directory) =>
        ResultsFolder.Write(directory, Name, ToJson(report), ToMarkdown(report));

    /// <summary>The report as indented JSON with camelCase names; times in nanoseconds.</summary>
    public static string ToJson(MicroBenchmarkReport report) =>
        JsonSerializer.Serialize(report, MicroResultsJsonContext.Default.MicroBenchmarkReport) + "\n";

    /// <summary>The report as a Markdown page: the machine, then one table row per benchmark.</summary>
    public static string ToMarkdown(MicroBenchmarkReport report)
    {
        var text = new StringBuilder();
        text.Append("# Micro benchmarks\n\n")
            .Append("`dotnet run -c Release --project tests/Performance/TeleportPlugins.Benchmarks -- --filter '*'` ")
            .Append("(BenchmarkDotNet). Times are per operation: per request for the dispatcher, per event for decoding, ")
            .Append("per file for the configuration, per step for the claim/confirm path (plan read, claim and confirm by ")
            .Append("compare-and-swap, against the simulator's plugin-data store in process). Error is half the 99.9 % ")
            .Append("confidence interval of the mean; ")
            .Append("the median is steadier than the mean when the machine is busy with other work.\n\n")
            .Append("| machine | |\n|---|---|\n")
            .Append(Invariant($"| date (UTC) | {report.DateUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} |\n"))
            .Append(Invariant($"| commit | {report.GitCommit ?? "unknown"} |\n"))
            .Append(Invariant($"| cores | {report.ProcessorCount} |\n"))
            .Append(Invariant($"| processor | {report.Processor ?? "unknown"} |\n"))
            .Append(Invariant($"| OS | {report.OperatingSystem} |\n"))
            .Append(Invariant($"| .NET | {report.DotNetVersion} |\n\n"))
            .Append("| benchmark | job | mean | error | stddev | median | allocated / op |\n")
            .Append("|---|---|---:|---:|---:|---:|---:|\n");
        foreach (var result in report.Results)
        {
            var allocated = result.AllocatedBytesPerOperation is { } bytes ? Invariant($"{bytes:N0} B") : "n/a";
            text.Append(Invariant(
                $"| {result.Benchmark} | {result.Job} | {Duration(result.MeanNanoseconds)} | {Duration(result.ErrorNanoseconds)} | {Duration(result.StdDevNanoseconds)} | {Duration(result.MedianNanoseconds)} | {allocated} |\n"));
        }

        return text.ToString();
    }

    /// <summary>A duration in the largest unit that keeps it at or above 1, with three decimals.</summary>
    private static string Duration(double? nanoseconds) => nanoseconds switch
    {
        null => "n/a",
        { } n when Math.Abs(n) >= 1e9 => Invariant($"{n / 1e9:F3} s"),
        { } n when Math.Abs(n) >= 1e6 => Invariant($"{n / 1e6:F3} ms"),
        { } n when Math.Abs(n) >= 1e3 => Invariant($"{n / 1e3:F3} µs"),
        { } n => Invariant($"{n:F3} ns"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
