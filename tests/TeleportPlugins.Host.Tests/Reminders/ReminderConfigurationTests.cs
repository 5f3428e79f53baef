using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Reminders;

public sealed class ReminderConfigurationTests
{
    [Test]
    public void Bind_GlobalAndAdapterTables_OverridesMergeOverTheGlobalKeys()
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("c.toml", """
            [reminders]
            after = "45m"
            repeat = "2h"
            escalate_after = 3
            escalate_to = ["#oncall-leads"]

            [reminders.slack]
            after = "10m"

            [reminders.email]
            escalate_to = ["leads@example.com", "security@example.com"]

            [reminders.jira]
            enabled = false
            """);
        var settings = HostConfigurationLoader.Load(config, out var problems)!;

        var reminders = EngineOptions.Bind(settings, problems).Reminders!;

        Assert.That(problems.Messages.Where(m => m.Contains("reminders", StringComparison.Ordinal)), Is.Empty, "the file has no [teleport]: only its problems");
        Assert.That(reminders.PlanFor("slack"), Is.EqualTo(reminders.PlanFor("slack")! with { After = TimeSpan.FromMinutes(10) }));
        var slack = reminders.PlanFor("slack")!;
        Assert.That((slack.After, slack.Repeat, slack.EscalateAfter, slack.EscalateTo), Is.EqualTo((TimeSpan.FromMinutes(10), TimeSpan.FromHours(2), 3, (IReadOnlyList<string>)["#oncall-leads"])));
        Assert.That(reminders.PlanFor("email")!.EscalateTo, Is.EqualTo(new[] { "leads@example.com", "security@example.com" }));
        Assert.That(reminders.PlanFor("email")!.After, Is.EqualTo(TimeSpan.FromMinutes(45)));
        Assert.That(reminders.PlanFor("jira"), Is.Null, "enabled = false in its table");
        Assert.That(reminders.PlanFor("mattermost")!.After, Is.EqualTo(TimeSpan.FromMinutes(45)), "no table: the global keys");
    }

    [Test]
    public void Bind_NoRemindersSection_NoAdapterGetsReminders()
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("c.toml", "[dispatch]\ncall_timeout = \"10s\"\n");
        var settings = HostConfigurationLoader.Load(config, out var problems)!;

        var reminders = EngineOptions.Bind(settings, problems).Reminders!;

        Assert.That(problems.Messages.Where(m => m.Contains("reminders", StringComparison.Ordinal)), Is.Empty, "the file has no [teleport]: only its problems");
        Assert.That(reminders.PlanFor("slack"), Is.Null);
    }

    [Test]
    public async Task Check_BadReminderValues_EveryErrorWithFileLineAndKey()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var config = harness.WriteConfig("""
            [reminders]
            after = "soon"
            escalte_to = "#typo"
            [reminders.slack]
            repeat = "0s"
            escalate_after = -1
            [reminders.email]
            escalate_after = 2
            """);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(["check", "-c", config], output, error, CancellationToken.None);

        Assert.That(code, Is.EqualTo(1));
        var text = error.ToString();
        Assert.That(text, Does.Contain($"{config}:10:1: reminders.after: expected a duration"));
        Assert.That(text, Does.Contain($"{config}:11:1: reminders.escalte_to: unknown key; known keys are after, enabled, escalate_after, escalate_to, repeat"));
        Assert.That(text, Does.Contain($"{config}:13:1: reminders.slack.repeat: repeat must be a positive duration"));
        Assert.That(text, Does.Contain($"{config}:14:1: reminders.slack.escalate_after: escalate_after must be 0 (never) or more"));
        Assert.That(text, Does.Contain("reminders.email.escalate_to: escalate_to must name at least one recipient"));
    }
}
