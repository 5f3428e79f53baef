using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Performance.Results;

namespace TeleportPlugins.Performance.Tests.Results;

public sealed class ResultsFolderTests
{
    [Test]
    public void Write_TwoRuns_BothFilesWrittenAndReadmeGathersEveryTableInNameOrder()
    {
        using var temp = new TempDirectory();
        var folder = temp.Combine("results");

        ResultsFolder.Write(folder, "reconcile", "{\"name\": \"reconcile\"}\n", "## Start-up reconcile\n\n| Metric | Value | Target |\n");
        ResultsFolder.Write(folder, "footprint", "{\"name\": \"footprint\"}\n", "## Footprint\n\n| Metric | Value | Target |\n");

        var readme = File.ReadAllText(Path.Combine(folder, "README.md"));
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(folder, "footprint.json")), Is.EqualTo("{\"name\": \"footprint\"}\n"));
            Assert.That(File.ReadAllText(Path.Combine(folder, "footprint.md")), Does.StartWith("## Footprint"));
            Assert.That(readme, Does.StartWith("# Performance results\n\nThe latest run of each scenario"));
            Assert.That(readme.IndexOf("## Footprint", StringComparison.Ordinal), Is.LessThan(readme.IndexOf("## Start-up reconcile", StringComparison.Ordinal)).And.Positive);
            Assert.That(readme.Split("# Performance results"), Has.Length.EqualTo(2), "the README is not gathered into itself");
        });
    }
}
