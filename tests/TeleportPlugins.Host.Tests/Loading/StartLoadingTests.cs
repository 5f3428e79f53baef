using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Loading;

public sealed class StartLoadingTests
{
    [Test]
    public async Task Start_AdaptersInstalledButNotEnabled_NeitherLoadedNorLogged()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var enabled = harness.Install("Fixture.AdapterA", "fixture-a");
        // Not enabled: one that would load, one whose factory throws, one without a manifest.
        string[] others = [harness.Install("Fixture.AdapterB", "fixture-b"), harness.Install("Fixture.ThrowingFactory", "fixture-throwing")];
        Directory.CreateDirectory(Path.Combine(harness.AdaptersDirectory, "leftover"));
        var log = temp.Combine("host.log");
        // The identity file is missing, so start refuses (a configuration problem) right after loading the adapters.
        var config = temp.WriteFile("c.toml", $"""
            [teleport]
            addr = "127.0.0.1:3025"
            identity = "{temp.Combine("missing-identity")}"
            [adapters]
            directory = "{harness.AdaptersDirectory}"
            enabled = ["fixture-a"]
            [fixture-a]
            output = "{temp.Combine("a.txt")}"
            # Kept for later: not an unknown section, since fixture-b is installed.
            [fixture-b]
            output = "{temp.Combine("b.txt")}"
            [log]
            output = "{log}"
            severity = "info"
            """);
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(["start", "-c", config], TextWriter.Null, error, CancellationToken.None);

        Assert.That(code, Is.EqualTo(ExitCodes.BadConfiguration), error.ToString());
        var logged = File.ReadAllText(log);
        Assert.That(logged, Does.Contain($"Loaded adapter fixture-a 1.0.1 from {enabled}"));
        Assert.That(logged, Does.Not.Contain("fixture-b").And.Not.Contain("fixture-throwing").And.Not.Contain("leftover"));
        Assert.That(others.SelectMany(AdapterLoaderTests.AssembliesLoadedFrom), Is.Empty);
    }
}
