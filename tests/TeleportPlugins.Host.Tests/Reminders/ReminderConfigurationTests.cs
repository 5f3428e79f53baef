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
            [adapters]
            enabled = ["slack", "email", "jira", "mattermost"]

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
    public void Bind_AdapterNamesNotEnabled_ErrorAtEachNameWithTheClosestEnabledOne()
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("c.toml", """
            [adapters]
            enabled = ["slack", "email"]

            [reminders]
            after = "45m"

            [reminders.slak]
            after = "later"

            [access_list_reminders]
            enabled = true
            adapters = ["emial", "mattermost"]
            """);
        var settings = HostConfigurationLoader.Load(config, out var problems)!;

        var options = EngineOptions.Bind(settings, problems);

        Assert.That(problems.Messages, Does.Contain($"{config}:7:1: reminders.slak: reminders names adapter 'slak', which is not enabled in [adapters] (enabled: email, slack); did you mean 'slack'?"));
        Assert.That(problems.Messages, Does.Contain($"{config}:8:1: reminders.slak.after: expected a duration such as \"90s\", \"5m\" or \"1h30m\", got 'later'"), "a misspelt table's keys are checked too");
        Assert.That(problems.Messages, Does.Contain($"{config}:12:13: access_list_reminders.adapters[0]: access_list_reminders names adapter 'emial', which is not enabled in [adapters] (enabled: email, slack); did you mean 'email'?"));
        Assert.That(problems.Messages, Does.Contain($"{config}:12:22: access_list_reminders.adapters[1]: access_list_reminders names adapter 'mattermost', which is not enabled in [adapters] (enabled: email, slack)"));
        Assert.That(options.Reminders!.Overrides, Is.Empty, "the misspelt table overrides nothing");
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
