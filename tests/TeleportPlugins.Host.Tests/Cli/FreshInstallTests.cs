using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Cli;

/// <summary>What a new user meets first: usage errors, the adapters directory, the identity, configure's output.</summary>
public sealed class FreshInstallTests
{
    [TestCase("bogus")]
    [TestCase("help")]
    [TestCase("check")]
    public async Task RunAsync_BadUsage_ExitsTwo(string command)
    {
        var (code, _, error) = await RunAsync(command);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("usage: teleport-plugins"));
    }

    [Test]
    public async Task AdaptersList_DirectoryMissing_ExitsOneWithOneClearError()
    {
        using var temp = new TempDirectory();
        var missing = temp.Combine("nonexistent");

        var (code, output, error) = await RunAsync("adapters", "list", "--directory", missing);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error.Trim(), Is.EqualTo($"the adapters directory {missing} does not exist"));
    }

    [TestCase(false, "does not exist")]
    [TestCase(true, "holds no adapter folders")]
    public async Task Check_AdaptersDirectoryMissingOrEmpty_IsOneProblem(bool create, string what)
    {
        using var temp = new TempDirectory();
        var directory = temp.Combine("adapters");
        if (create)
        {
            Directory.CreateDirectory(directory);
        }

        var config = WriteConfig(temp, "[adapters]\ndirectory = \"adapters\"\nenabled = [\"slack\", \"jira\"]\n[slack]\ntoken = \"x\"\n[jira]\nurl = \"x\"\n");

        var (code, _, error) = await RunAsync("check", "-c", config);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain($"adapters.directory: the adapters directory {directory} {what}"));
        Assert.That(error, Does.Contain($"1 problem(s) found in {config}"));
    }

    [Test]
    public async Task Start_AdaptersDirectoryMissing_RefusesWithOneProblem()
    {
        using var temp = new TempDirectory();
        var config = WriteConfig(temp, "[adapters]\ndirectory = \"nope\"\nenabled = [\"slack\"]\n[slack]\ntoken = \"x\"\n");

        var (code, _, error) = await RunAsync("start", "-c", config);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain($"the adapters directory {temp.Combine("nope")} does not exist").And.Contain("1 configuration problem(s); not starting."));
    }

    [TestCase("missing", "file not found")]
    [TestCase("garbage", "PEM block")]
    [TestCase("expired", "the TLS certificate expired at")]
    public async Task Check_UnusableIdentity_IsAProblemNamingTheFile(string kind, string what)
    {
        using var temp = new TempDirectory();
        var identity = temp.Combine("identity");
        var cluster = new TestCluster("sim.example.com");
        switch (kind)
        {
            case "garbage":
                File.WriteAllText(identity, "not an identity\n");
                break;
            case "expired":
                var now = DateTimeOffset.UtcNow;
                File.WriteAllText(identity, TestIdentityFiles.IdentityFileText(
                    cluster.IssueClient("teleport-plugins", TestKeyFormat.EcPkcs8, now.AddHours(-2), now.AddHours(-1)), cluster));
                break;
        }

        Directory.CreateDirectory(temp.Combine("adapters"));
        var config = temp.WriteFile("c.toml", "[teleport]\naddr = \"127.0.0.1:3025\"\nidentity = \"identity\"\n[adapters]\ndirectory = \"adapters\"\n");

        var (code, _, error) = await RunAsync("check", "-c", config);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.StartWith($"{config}:3:1: teleport.identity: identity file {identity}: ").And.Contain(what));
        Assert.That(error, Does.Contain($"1 problem(s) found in {config}"));
    }

    [Test]
    public async Task Configure_WithDirectory_WritesTheDirectorySoThatCheckAcceptsTheFilledInFile()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var cluster = new TestCluster("sim.example.com");
        var identity = temp.WriteFile("identity", TestIdentityFiles.IdentityFileText(
            cluster.IssueClient("teleport-plugins", TestKeyFormat.EcPkcs8, DateTimeOffset.UtcNow), cluster));

        var (configureCode, example, _) = await RunAsync("configure", "--directory", harness.AdaptersDirectory);
        var config = temp.WriteFile("teleport-plugins.toml", example
            .Replace("/var/lib/teleport/plugins/identity", identity, StringComparison.Ordinal));
        var (code, output, error) = await RunAsync("check", "-c", config);

        Assert.That(configureCode, Is.Zero);
        Assert.That(example, Does.Contain($"directory = \"{harness.AdaptersDirectory}\""));
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("configuration OK"));
    }

    private static string WriteConfig(TempDirectory temp, string body)
    {
        var cluster = new TestCluster("sim.example.com");
        var identity = temp.WriteFile("identity", TestIdentityFiles.IdentityFileText(
            cluster.IssueClient("teleport-plugins", TestKeyFormat.EcPkcs8, DateTimeOffset.UtcNow), cluster));
        return temp.WriteFile("c.toml", $"[teleport]\naddr = \"127.0.0.1:3025\"\nidentity = \"{identity}\"\n[http]\nlisten_addr = \"127.0.0.1:0\"\n[log]\noutput = \"{temp.Combine("host.log")}\"\n{body}");
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }
}
