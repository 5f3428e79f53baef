namespace TeleportPlugins.Benchmarks.Results;

/// <summary>One benchmark's outcome, per operation (per request or event where a benchmark batches them).</summary>
/// <param name="Benchmark">Class and method, e.g. <c>TomlParseBenchmarks.ParseToml</c>.</param>
/// <param name="Job">The BenchmarkDotNet job that ran it, e.g. <c>ShortRun</c>.</param>
/// <param name="MeanNanoseconds">The mean time.</param>
/// <param name="MedianNanoseconds">The median time, steadier than the mean on a machine that is busy with other work.</param>
/// <param name="ErrorNanoseconds">
/// Half the 99.9 % confidence interval of the mean, as BenchmarkDotNet's Error column; null when too few iterations ran.
/// </param>
/// <param name="StdDevNanoseconds">The standard deviation; null when too few iterations ran.</param>
/// <param name="AllocatedBytesPerOperation">Managed bytes allocated; null when the memory diagnoser did not run.</param>
internal sealed record MicroBenchmarkResult(
    string Benchmark,
    string Job,
    double MeanNanoseconds,
    double MedianNanoseconds,
    double? ErrorNanoseconds,
    double? StdDevNanoseconds,
    long? AllocatedBytesPerOperation);
