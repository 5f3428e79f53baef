using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Configuration;

public sealed class HostConfigurationTests
{
    [Test]
    public void Open_SeveralMistakes_EveryErrorListedWithFileLineAndKey()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var config = harness.WriteConfig("""
            enabled = ["fixture-a", "slack", "fixture-a"]
            health_check_timeout = "soon"

            [fixture-a]
            output = "x"
            fail_health = "maybe"
            colour = "blue"

            [jira]
            url = "https://jira.example.com"

            [log]
            severity = "loud"
            """);

        var session = ConfigurationSession.Open(config, harness.Logs);

        Assert.That(session.Problems.Messages, Is.EquivalentTo(new[]
        {
            $"{config}:17:1: jira: unknown section: no adapter named 'jira' in {harness.AdaptersDirectory} (installed: fixture-a)",
            $"{config}:10:1: adapters.health_check_timeout: expected a duration such as \"90s\", \"5m\" or \"1h30m\", got 'soon'",
            $"{config}:21:1: log.severity: must be debug, info, warn or error, not 'loud'",
            $"{config}:9:25: adapters.enabled[1]: unknown adapter 'slack': no such adapter in {harness.AdaptersDirectory} (installed: fixture-a)",
            $"{config}:9:34: adapters.enabled[2]: 'fixture-a' is enabled twice",
            $"{config}:14:1: fixture-a.fail_health: expected true or false, got 'maybe'",
            $"{config}:15:1: fixture-a.colour: unknown key; known keys are fail_create, fail_health, fail_health_times, misbehave, output, token",
        }));
    }

    [Test]
    public void Open_AdaptersRetryMaxBelowOneSecond_ErrorNamesTheKey()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var config = harness.WriteConfig("""
            enabled = ["fixture-a"]
            retry_max = "500ms"
            [fixture-a]
            output = "x"
            """);

        var session = ConfigurationSession.Open(config, harness.Logs);

        Assert.That(session.Problems.Messages, Is.EqualTo(new[] { $"{config}:10:1: adapters.retry_max: retry_max must be at least 1s" }));
    }

    [Test]
    public void Open_EnabledAdapterWithoutSection_ErrorNamesTheEnabledEntry()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var config = harness.WriteConfig("enabled = [\"fixture-a\"]");

        var session = ConfigurationSession.Open(config, harness.Logs);

        Assert.That(session.Problems.Messages, Is.EqualTo(new[]
        {
            $"{config}:9:12: adapters.enabled[0]: adapter 'fixture-a' is enabled but the configuration has no [fixture-a] section",
        }));
    }

    [Test]
    public void Open_TeleportSection_AnchorRulesChecked()
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("c.toml", """
            [teleport]
            addr = "teleport.example.com:443"
            identity = "/var/lib/teleport/identity"
            client_crt = "auth.crt"
            """);

        var settings = HostConfigurationLoader.Load(config, out var problems);

        Assert.That(settings, Is.Not.Null);
        Assert.That(problems.Messages, Is.EqualTo(new[]
        {
            $"{config}:3:1: teleport.identity: identity and client_key/client_crt/root_cas exclude each other",
            $"{config}:4:1: teleport.client_crt: client_crt given but client_key, root_cas missing: the TLS form needs all three",
        }));
    }

    [Test]
    public void Open_MissingTeleportSection_Reported()
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("c.toml", "[log]\nseverity = \"debug\"\n");

        HostConfigurationLoader.Load(config, out var problems);

        Assert.That(problems.Messages, Has.Some.StartsWith($"{config}: teleport: the [teleport] section is required"));
    }

    [Test]
    public void Load_SyntaxError_ReportsFileLineColumnAndKeyAndStillChecksTheRest()
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("c.toml", "[teleport]\naddr = \"x:1\"\nidentity = /bad\n[log]\nseverity = \"loud\"\n");

        HostConfigurationLoader.Load(config, out var problems);

        Assert.That(problems.Messages, Has.Count.EqualTo(2));
        Assert.That(problems.Messages[0], Does.StartWith($"{config}:3:12: teleport.identity: "));
        Assert.That(problems.Messages[1], Is.EqualTo($"{config}:5:1: log.severity: must be debug, info, warn or error, not 'loud'"));
    }

    [Test]
    public void Load_UnknownLogFormat_OneErrorNamingFileLineAndKey()
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("c.toml", "[teleport]\naddr = \"x:1\"\nidentity = \"id\"\n[log]\nformat = \"xml\"\n");

        HostConfigurationLoader.Load(config, out var problems);

        Assert.That(problems.Messages, Is.EqualTo(new[] { $"{config}:5:1: log.format: must be text or json, not 'xml'" }));
    }

    [Test]
    public void Load_InvalidUtf8_ReportsFileLineAndColumnOfTheBadByte()
    {
        using var temp = new TempDirectory();
        var config = temp.Combine("c.toml");
        File.WriteAllBytes(config, [.. "[teleport]\naddr = \"é"u8, 0xFF, .. "\"\n"u8]);

        var settings = HostConfigurationLoader.Load(config, out var problems);

        Assert.That(settings, Is.Null);
        Assert.That(problems.Messages, Is.EqualTo(new[] { $"{config}:2:10: the file is not valid UTF-8" }));
    }

    [Test]
    public void Load_MisspeltHostSection_SuggestsIt()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var config = harness.WriteConfig("[lgo]\nseverity = \"debug\"\n");

        var session = ConfigurationSession.Open(config, harness.Logs);

        Assert.That(session.Problems.Messages, Is.EqualTo(new[]
        {
            $"{config}:9:1: lgo: unknown section: no adapter named 'lgo' in {harness.AdaptersDirectory} (installed: none); did you mean 'log'?",
        }));
    }

    [Test]
    public void Load_MissingFile_SaysSo()
    {
        using var temp = new TempDirectory();
        var config = temp.Combine("absent.toml");

        HostConfigurationLoader.Load(config, out var problems);

        Assert.That(problems.Messages.Single(), Is.EqualTo($"{config}: file not found"));
    }

    [Test]
    public void Load_EnvironmentVariable_OverridesFileAndErrorsNameTheVariable()
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("c.toml", """
            [teleport]
            addr = "file.example.com:3025"
            identity = "id"
            [log]
            severity = "info"
            """);
        Environment.SetEnvironmentVariable("TELEPORT_PLUGINS__TELEPORT__ADDR", "env.example.com:443");
        Environment.SetEnvironmentVariable("TELEPORT_PLUGINS__LOG__SEVERITY", "chatty");
        try
        {
            var settings = HostConfigurationLoader.Load(config, out var problems);

            Assert.That(settings!.Teleport.Addr, Is.EqualTo("env.example.com:443"));
            Assert.That(problems.Messages, Is.EqualTo(new[]
            {
                "environment variable TELEPORT_PLUGINS__LOG__SEVERITY: log.severity: must be debug, info, warn or error, not 'chatty'",
            }));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TELEPORT_PLUGINS__TELEPORT__ADDR", null);
            Environment.SetEnvironmentVariable("TELEPORT_PLUGINS__LOG__SEVERITY", null);
        }
    }

    [Test]
    public void Load_RoleToRecipients_StringOrArrayWithWildcard()
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("c.toml", """
            [teleport]
            identity = "id"
            [role_to_recipients]
            "dev" = "dev-channel"
            "db" = ["db-channel", "dba@example.com"]
            "*" = ["access-requests"]
            """);

        var settings = HostConfigurationLoader.Load(config, out var problems);

        Assert.That(problems.Messages, Is.Empty);
        Assert.That(settings!.RoleToRecipients.Resolve(["dev", "db", "other"]), Is.EqualTo(new[] { "dev-channel", "db-channel", "dba@example.com", "access-requests" }));
    }

    [Test]
    public void Load_RoleToRecipientsWithoutWildcard_Reported()
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("c.toml", "[teleport]\nidentity = \"id\"\n[role_to_recipients]\n\"dev\" = \"x\"\n");

        HostConfigurationLoader.Load(config, out var problems);

        Assert.That(problems.Messages.Single(), Is.EqualTo($"{config}:3:1: role_to_recipients: needs a \"*\" entry: the recipients for roles without an entry of their own"));
    }

    [Test]
    public void Load_RelativePaths_ResolvedAgainstTheConfigurationFile()
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("etc/c.toml", "[teleport]\nidentity = \"ids/identity\"\n[adapters]\ndirectory = \"../adapters\"\n");

        var settings = HostConfigurationLoader.Load(config, out _);

        Assert.That(settings!.Teleport.Identity, Is.EqualTo(temp.Combine("etc", "ids", "identity")));
        Assert.That(settings.AdaptersDirectory, Is.EqualTo(temp.Combine("adapters")));
    }

    [TestCase("", true, null)]
    [TestCase("metrics = false", false, null)]
    [TestCase("metrics = true", true, null)]
    [TestCase("metrics = \"off\"", true, ":4:1: http.metrics: expected true or false, got 'off'")]
    public void Load_HttpMetrics_OnByDefaultAndABoolean(string line, bool expected, string? problem)
    {
        using var temp = new TempDirectory();
        var config = temp.WriteFile("c.toml", $"[teleport]\naddr = \"auth.example.com:3025\"\n[http]\n{line}\n");

        var settings = HostConfigurationLoader.Load(config, out var problems);

        Assert.That(settings!.Http.Metrics, Is.EqualTo(expected));
        Assert.That(problems.Messages.Where(m => m.Contains("http", StringComparison.Ordinal)), problem is null ? Is.Empty : Is.EqualTo(new[] { config + problem }));
    }
}
