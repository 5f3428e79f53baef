using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using TeleportPlugins.Benchmarks.Configuration;
using TeleportPlugins.Benchmarks.Results;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Performance.Results;

// dotnet run -c Release --project tests/Performance/TeleportPlugins.Benchmarks -- --filter '*' [--job short]
// BenchmarkDotNet's own reports go to artifacts/benchmarks/; ours to tests/Performance/results/micro.{json,md}.
var root = RepositoryPaths.Root;
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(root, "artifacts", "benchmarks"));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(TomlParseBenchmarks).Assembly).Run(args, config).ToList();
if (summaries.All(summary => summary.Reports.IsEmpty))
{
    // --list, --help, or a filter that matched nothing: keep the last results.
    return 0;
}

var results = ResultsFolder.Default;
MicroResultsWriter.Write(SummaryReader.ToReport(summaries, RunEnvironment.Capture(root)), results);
Console.WriteLine($"Results written to {Path.Combine(results, MicroResultsWriter.JsonFileName)} and {MicroResultsWriter.MarkdownFileName}");

var failed = SummaryReader.Failed(summaries);
foreach (var name in failed)
{
    Console.Error.WriteLine($"{name}: no result; its log is under {config.ArtifactsPath}");
}

return failed.Count == 0 ? 0 : 1;
