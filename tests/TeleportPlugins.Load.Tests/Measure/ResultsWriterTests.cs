using System.Text.Json;
using TeleportPlugins.Load.Results;
using TeleportPlugins.Performance.Results;

namespace TeleportPlugins.Load.Tests.Measure;

public sealed class ResultsWriterTests
{
    [Test]
    public void Write_Result_JsonAndMarkdownWithCoresDotnetAndTargetsAndAnIndex()
    {
        var folder = Directory.CreateTempSubdirectory("load-results-").FullName;
        try
        {
            var result = new ScenarioResult(
                "load-1000",
                "Load: 1,000 requests",
                "What ran.",
                new RunEnvironment(2, ".NET 10.0.1", "Linux", "abc1234", new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero)),
                new Dictionary<string, string> { ["requests"] = "1000" },
                [new Metric("host / ceiling", 0.62, string.Empty, "≥ 0.5", true), new Metric("latency p99", 41.5, "ms"), new Metric("duplicates", 1, string.Empty, "0", false)]);

            ResultsWriter.Write(result, folder);

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "load-1000.json")));
            var markdown = File.ReadAllText(Path.Combine(folder, "load-1000.md"));
            Assert.Multiple(() =>
            {
                Assert.That(json.RootElement.GetProperty("environment").GetProperty("cores").GetInt32(), Is.EqualTo(2));
                Assert.That(json.RootElement.GetProperty("environment").GetProperty("dotnet").GetString(), Is.EqualTo(".NET 10.0.1"));
                Assert.That(json.RootElement.GetProperty("metrics")[0].GetProperty("value").GetDouble(), Is.EqualTo(0.62));
                Assert.That(json.RootElement.GetProperty("targets_met").GetBoolean(), Is.False);
                Assert.That(markdown, Does.Contain("2 cores · .NET 10.0.1 · Linux · commit abc1234"));
                Assert.That(markdown, Does.Contain("| host / ceiling | 0.62 | ≥ 0.5 ✅ |"));
                Assert.That(markdown, Does.Contain("| latency p99 | 41.5 ms |  |"));
                Assert.That(markdown, Does.Contain("| duplicates | 1 | 0 ❌ |"));
                Assert.That(File.ReadAllText(Path.Combine(folder, "README.md")), Does.Contain("## Load: 1,000 requests"));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
