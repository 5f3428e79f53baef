namespace TeleportPlugins.Benchmarks.Results;

/// <summary>A benchmark run: where and when it ran, and every benchmark's result.</summary>
/// <param name="DateUtc">When the run finished.</param>
/// <param name="GitCommit">The commit measured, when git could tell.</param>
/// <param name="ProcessorCount">Logical cores the runtime sees.</param>
/// <param name="Processor">The processor's model, when known.</param>
/// <param name="OperatingSystem">The operating system's description.</param>
/// <param name="DotNetVersion">The runtime, e.g. <c>.NET 10.0.12</c>.</param>
/// <param name="Results">One row per benchmark.</param>
internal sealed record MicroBenchmarkReport(
    DateTimeOffset DateUtc,
    string? GitCommit,
    int ProcessorCount,
    string? Processor,
    string OperatingSystem,
    string DotNetVersion,
    IReadOnlyList<MicroBenchmarkResult> Results);
