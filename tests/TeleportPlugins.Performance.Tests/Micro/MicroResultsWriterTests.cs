using System.Text.Json;
using TeleportPlugins.Benchmarks.Results;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Performance.Tests.Micro;

public sealed class MicroResultsWriterTests
{
    private static readonly MicroBenchmarkReport Report = new(
        new DateTimeOffset(2026, 11, 21, 12, 30, 0, TimeSpan.Zero),
        "1a34e34c0ffee",
        2,
        "AMD EPYC",
        "Debian GNU/Linux 12 (bookworm)",
        ".NET 10.0.12",
        [
            new MicroBenchmarkResult("TomlParseBenchmarks.ParseToml", "ShortRun", 45_123.4, 44_987.6, 812.5, 300.25, 33_728),
            new MicroBenchmarkResult("DispatcherBenchmarks.NewRequestToAdapterCall", "Dry", 2_345_678, 2_345_678, null, null, null),
        ]);

    [Test]
    public void Write_SyntheticReport_JsonCarriesMachineAndEveryRow()
    {
        using var temp = new TempDirectory();

        MicroResultsWriter.Write(Report, temp.Path);

        using var json = JsonDocument.Parse(File.ReadAllText(temp.Combine(MicroResultsWriter.JsonFileName)));
        var root = json.RootElement;
        var rows = root.GetProperty("results");
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("processorCount").GetInt32(), Is.EqualTo(2));
            Assert.That(root.GetProperty("dotNetVersion").GetString(), Is.EqualTo(".NET 10.0.12"));
            Assert.That(root.GetProperty("operatingSystem").GetString(), Is.EqualTo("Debian GNU/Linux 12 (bookworm)"));
            Assert.That(root.GetProperty("dateUtc").GetDateTimeOffset(), Is.EqualTo(Report.DateUtc));
            Assert.That(root.GetProperty("gitCommit").GetString(), Is.EqualTo("1a34e34c0ffee"));
            Assert.That(rows.GetArrayLength(), Is.EqualTo(2));
            Assert.That(rows[0].GetProperty("benchmark").GetString(), Is.EqualTo("TomlParseBenchmarks.ParseToml"));
            Assert.That(rows[0].GetProperty("meanNanoseconds").GetDouble(), Is.EqualTo(45_123.4));
            Assert.That(rows[0].GetProperty("medianNanoseconds").GetDouble(), Is.EqualTo(44_987.6));
            Assert.That(rows[0].GetProperty("errorNanoseconds").GetDouble(), Is.EqualTo(812.5));
            Assert.That(rows[0].GetProperty("stdDevNanoseconds").GetDouble(), Is.EqualTo(300.25));
            Assert.That(rows[0].GetProperty("allocatedBytesPerOperation").GetInt64(), Is.EqualTo(33_728));
            Assert.That(rows[1].GetProperty("errorNanoseconds").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public void Write_SyntheticReport_MarkdownTableHasMachineAndOneRowPerBenchmark()
    {
        using var temp = new TempDirectory();

        MicroResultsWriter.Write(Report, temp.Path);

        var lines = File.ReadAllLines(temp.Combine(MicroResultsWriter.MarkdownFileName));
        Assert.That(lines, Does.Contain("| cores | 2 |"));
        Assert.That(lines, Does.Contain("| .NET | .NET 10.0.12 |"));
        Assert.That(lines, Does.Contain("| date (UTC) | 2026-11-21 12:30:00 |"));
        Assert.That(lines, Does.Contain("| TomlParseBenchmarks.ParseToml | ShortRun | 45.123 µs | 812.500 ns | 300.250 ns | 44.988 µs | 33,728 B |"));
        Assert.That(lines, Does.Contain("| DispatcherBenchmarks.NewRequestToAdapterCall | Dry | 2.346 ms | n/a | n/a | 2.346 ms | n/a |"));
    }

    [Test]
    public void Write_FolderWithAnotherScenario_ReadmeRegeneratedWithBothTables()
    {
        using var temp = new TempDirectory();
        temp.WriteFile("footprint.md", "## Footprint of an idle host\n");

        MicroResultsWriter.Write(Report, temp.Path);

        var readme = File.ReadAllText(temp.Combine("README.md"));
        Assert.That(readme, Does.Contain("## Footprint of an idle host").And.Contains("# Micro benchmarks"));
    }
}
