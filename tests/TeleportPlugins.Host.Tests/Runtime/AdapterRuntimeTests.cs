using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Runtime;

public sealed class AdapterRuntimeTests
{
    [Test]
    public async Task StartAsync_TwoLibraryVersions_BothAdaptersServeSteps()
    {
        using var temp = new TempDirectory();
        await using var harness = new AdapterHarness(temp);
        var (settings, configured) = harness.ConfigureFixtures("fixture-a", "fixture-b");

        var active = await harness.StartAsync(settings, configured);
        var request = SampleRequests.Pending();
        foreach (var adapter in active)
        {
            await adapter.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None);
        }

        Assert.That(active.Select(a => a.Health.Description), Is.EqualTo(new[] { "shared-lib 1", "shared-lib 2 (v2-only member)" }));
        Assert.That(File.ReadAllText(temp.Combine("a.txt")), Is.EqualTo($"created {request.Id} shared-lib 1\n"));
        Assert.That(File.ReadAllText(temp.Combine("b.txt")), Is.EqualTo($"created {request.Id} shared-lib 2 (v2-only member)\n"));
    }

    [TestCase("fail_create = true", "creating the adapter threw InvalidOperationException: fixture-a refuses to be created")]
    [TestCase("fail_health = true", "health check failed: fixture-a is configured to fail its health check")]
    public async Task StartAsync_AdapterFailsToStart_OneLogLineAndTheOtherRuns(string failure, string expected)
    {
        using var temp = new TempDirectory();
        await using var harness = new AdapterHarness(temp);
        var folder = harness.Install("Fixture.AdapterA", "fixture-a");
        harness.Install("Fixture.AdapterB", "fixture-b");
        var config = harness.WriteConfig($"""
            enabled = ["fixture-a", "fixture-b"]
            health_check_timeout = "1s"
            [fixture-a]
            output = "{temp.Combine("a.txt")}"
            {failure}
            [fixture-b]
            output = "{temp.Combine("b.txt")}"
            """);
        var (settings, configured) = ConfiguredHost.OpenValid(harness, config);

        var active = await harness.StartAsync(settings, configured);

        Assert.That(active.Select(a => a.Name), Is.EqualTo(new[] { "fixture-b" }));
        var errors = harness.Logs.Messages(LogLevel.Error).ToList();
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain(folder).And.Contain(expected));
    }

    [Test]
    public async Task StartAsync_HealthCheckFailsTwiceThenPasses_AdapterStartsAfterRetries()
    {
        using var temp = new TempDirectory();
        await using var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var config = harness.WriteConfig($"""
            enabled = ["fixture-a"]
            health_check_timeout = "30s"
            [fixture-a]
            output = "{temp.Combine("a.txt")}"
            fail_health_times = 2
            """);
        var (settings, configured) = ConfiguredHost.OpenValid(harness, config);

        var active = await harness.StartAsync(settings, configured);

        Assert.That(active.Select(a => a.Name), Is.EqualTo(new[] { "fixture-a" }));
        var warnings = harness.Logs.Messages(LogLevel.Warning).ToList();
        Assert.That(warnings, Has.Count.EqualTo(2));
        Assert.That(warnings, Has.All.Contains("fixture-a: health check attempt").And.All.Contains("configured to fail its health check"));
        Assert.That(harness.Logs.Messages(LogLevel.Error), Is.Empty);
    }
}
