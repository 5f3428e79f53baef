using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Cli;

public sealed class CheckEngineSectionsTests
{
    [Test]
    public async Task Check_BadWatchAndDispatchValues_ReportedWithFileLineAndKey()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var config = harness.WriteConfig("""
            [watch]
            init_timeout = "soon"
            [dispatch]
            call_timeout = "2m"
            claim_ttl = "1m"
            """);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(["check", "-c", config], output, error, CancellationToken.None);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain($"{config}:10:1: watch.init_timeout: expected a duration"));
        Assert.That(error.ToString(), Does.Contain($"{config}:13:1: dispatch.claim_ttl:"));
    }
}
