using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.AccessLists;

public sealed class AccessListReminderOptionsTests
{
    [Test]
    public async Task Check_RemindersNamingAnAdapterNotEnabled_ReportedWithEveryOtherProblem()
    {
        using var temp = new TempDirectory();
        var config = new AdapterHarness(temp).WriteConfig("""
            [access_list_reminders]
            enabled = true
            adapters = ["slack"]
            check_interval = "0s"
            """);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(["check", "-c", config], output, error, CancellationToken.None);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("access_list_reminders.adapters[0]: access_list_reminders names adapter 'slack', which is not enabled in [adapters] (enabled: none)"));
        Assert.That(error.ToString(), Does.Contain("access_list_reminders.check_interval: check_interval must be a positive duration"));
    }

    [Test]
    public async Task Check_RemindersEnabledWithoutAdapters_Reported()
    {
        using var temp = new TempDirectory();
        var config = new AdapterHarness(temp).WriteConfig("""
            [access_list_reminders]
            enabled = true
            """);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(["check", "-c", config], output, error, CancellationToken.None);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("adapters must name at least one adapter"));
    }
}
