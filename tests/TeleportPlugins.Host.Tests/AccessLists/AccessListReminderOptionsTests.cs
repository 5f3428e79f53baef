using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Engine;
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
    public void Bind_AdapterTables_OverrideTheWindowTurnOneOffAndAreCheckedAtStartUp()
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("c.toml", """
            [adapters]
            enabled = ["slack", "email", "teams"]

            [access_list_reminders]
            enabled = true
            adapters = ["slack", "email", "teams"]

            [access_list_reminders.email]
            notification_window = "72h"

            [access_list_reminders.teams]
            enabled = false

            [access_list_reminders.slak]
            notification_window = "soon"
            """);
        var settings = HostConfigurationLoader.Load(config, out var problems)!;

        var options = EngineOptions.Bind(settings, problems).AccessListReminders;

        Assert.That(options.Reminding, Is.EqualTo(new[] { "slack", "email" }));
        Assert.That(options.WindowFor("email"), Is.EqualTo(TimeSpan.FromDays(3)));
        Assert.That(options.WindowFor("slack"), Is.Null, "no table: each list's own window");
        Assert.That(problems.Messages, Does.Contain($"{config}:14:1: access_list_reminders.slak: access_list_reminders names adapter 'slak', which is not enabled in [adapters] (enabled: email, slack, teams); did you mean 'slack'?"));
        Assert.That(problems.Messages, Does.Contain($"{config}:15:1: access_list_reminders.slak.notification_window: expected a duration such as \"90s\", \"5m\" or \"1h30m\", got 'soon'"));
        Assert.That(problems.Messages.Where(m => m.Contains("access_list_reminders", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(2));
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
