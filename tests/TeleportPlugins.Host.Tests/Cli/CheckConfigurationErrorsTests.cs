using System.Text.RegularExpressions;
using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Cli;

/// <summary>
/// Configuration errors as a user reads them from <c>check -c FILE</c>: every problem in one run, each as
/// <c>file:line:column: dotted.key: message</c> with the key as written, in file order, secrets never printed.
/// </summary>
/// <remarks>The harness's configuration has 8 lines before the body: body line n is file line 8 + n.</remarks>
public sealed class CheckConfigurationErrorsTests
{
    private readonly List<string> _variables = [];

    [TearDown]
    public void ClearEnvironment()
    {
        foreach (var variable in _variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        _variables.Clear();
    }

    [Test]
    public async Task Check_SeveralSyntaxErrors_EveryOneReportedNamingItsKey()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var config = harness.WriteConfig("""
            health_check_timeout = 30s
            [log]
            severity = info
            [http]
            listen_addr = ":8081" ":8082"
            [http.basic_auth]
            user = "teleport"
            password = "not-a-path"
            user = "plugins"
            """);

        var (code, error) = await CheckAsync(config);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(ProblemLines(error), Is.EqualTo(new[]
        {
            $"{config}:9:26: adapters.health_check_timeout: ",
            $"{config}:11:12: log.severity: ",
            $"{config}:13:23: http.listen_addr: ",
            $"{config}:17:1: http.basic_auth.user: already defined at line 15, column 1",
        }).Using<string, string>((actual, expected) => actual.StartsWith(expected, StringComparison.Ordinal)));
    }

    [Test]
    public async Task Check_DuplicateKeyInASection_NamesTheFullDottedKey()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var config = harness.WriteConfig("""
            [jira]
            project = "OPS"
            project = "DEV"
            """);

        var (_, error) = await CheckAsync(config);

        Assert.That(error, Does.Contain($"{config}:11:1: jira.project: already defined at line 10, column 1"));
    }

    [Test]
    public async Task Check_KeysFromFileAndEnvironment_PrintedAsWrittenAndInCanonicalLowerCase()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var config = harness.WriteConfig("""
            enabled = ["fixture-a"]
            [log]
            severity = "loud"
            [fixture-a]
            Fail_Health = "maybe"
            """);
        SetVariable("TELEPORT_PLUGINS__LOG__OUTPUT", "stderr");
        SetVariable("TELEPORT_PLUGINS__ADAPTERS__HEALTH_CHECK_TIMEOUT", "soon");

        var (_, error) = await CheckAsync(config);

        Assert.That(ProblemLines(error), Is.EqualTo(new[]
        {
            $"{config}:11:1: log.severity: must be debug, info, warn or error, not 'loud'",
            $"{config}:13:1: fixture-a.Fail_Health: expected true or false, got 'maybe'",
            "environment variable TELEPORT_PLUGINS__ADAPTERS__HEALTH_CHECK_TIMEOUT: adapters.health_check_timeout: expected a duration such as \"90s\", \"5m\" or \"1h30m\", got 'soon'",
        }));
    }

    [Test]
    public async Task Check_EnvironmentVariableWithMisspeltSection_NamesTheVariableAndNotItsValue()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var config = harness.WriteConfig(string.Empty);
        SetVariable("TELEPORT_PLUGINS__SLAK__TOKEN", "xoxb-environment-secret");

        var (_, error) = await CheckAsync(config);

        Assert.That(error, Does.Contain($"environment variable TELEPORT_PLUGINS__SLAK__TOKEN: slak: unknown section: no adapter named 'slak' in {harness.AdaptersDirectory} (installed: fixture-a)"));
        Assert.That(error, Does.Not.Contain("xoxb-environment-secret"));
    }

    [Test]
    public async Task Check_ProblemsFromEverywhere_SyntaxFirstThenFileInLineOrderThenEnvironment()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var config = harness.WriteConfig("""
            enabled = ["fixture-a", "ghost"]
            health_check_timeout = "soon"
            [fixture-a]
            colour = "blue"
            [jira]
            url = "https://jira.example.com"
            [log]
            severity = loud
            """);
        SetVariable("TELEPORT_PLUGINS__HTTP__METRICS", "sometimes");

        var (_, error) = await CheckAsync(config);

        Assert.That(ProblemLines(error).Select(line => Regex.Match(line, @"^(.*?\.toml:\d+:\d+|environment variable \S+): ").Groups[1].Value), Is.EqualTo(new[]
        {
            $"{config}:16:12",
            $"{config}:9:25",
            $"{config}:10:1",
            $"{config}:12:1",
            $"{config}:13:1",
            "environment variable TELEPORT_PLUGINS__HTTP__METRICS",
        }));
    }

    [Test]
    public async Task Check_MisspeltNameInEnabled_SuggestsTheAdapterAndStillChecksItsSection()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var config = harness.WriteConfig("""
            enabled = ["fixtur-a"]
            [fixture-a]
            fail_health = "maybe"
            colour = "blue"
            """);

        var (_, error) = await CheckAsync(config);

        Assert.That(ProblemLines(error), Is.EqualTo(new[]
        {
            $"{config}:9:12: adapters.enabled[0]: unknown adapter 'fixtur-a': no such adapter in {harness.AdaptersDirectory} (installed: fixture-a); did you mean 'fixture-a'?",
            $"{config}:11:1: fixture-a.fail_health: expected true or false, got 'maybe'",
            $"{config}:12:1: fixture-a.colour: unknown key; known keys are fail_create, fail_health, fail_health_times, misbehave, output, token",
        }));
    }

    [Test]
    public async Task Check_MisspeltSectionName_SuggestsTheAdapterAndChecksTheSectionAgainstIt()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var config = harness.WriteConfig("""
            [fixtur-a]
            fail_health = "maybe"
            """);

        var (_, error) = await CheckAsync(config);

        Assert.That(ProblemLines(error), Is.EqualTo(new[]
        {
            $"{config}:9:1: fixtur-a: unknown section: no adapter named 'fixtur-a' in {harness.AdaptersDirectory} (installed: fixture-a); did you mean 'fixture-a'?",
            $"{config}:10:1: fixtur-a.fail_health: expected true or false, got 'maybe'",
        }));
    }

    [TestCase("fixture-a,fixture-b")]
    [TestCase(" fixture-a , fixture-b ")]
    [TestCase("[\"fixture-a\", \"fixture-b\"]")]
    public async Task Check_EnabledListFromEnvironment_ReplacesTheFilesList(string value)
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        harness.Install("Fixture.AdapterB", "fixture-b");
        var config = harness.WriteConfig($"""
            enabled = ["fixture-a"]
            [fixture-a]
            output = "{temp.Combine("a.txt")}"
            [fixture-b]
            output = "{temp.Combine("b.txt")}"
            """);
        SetVariable("TELEPORT_PLUGINS__ADAPTERS__ENABLED", value);

        var (code, output, error) = await RunAsync("check", "-c", config);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("configuration OK; 2 adapter(s) enabled: fixture-a, fixture-b"));
    }

    [Test]
    public async Task Check_EnabledListFromEnvironmentNotAList_NamesTheVariable()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var config = harness.WriteConfig(string.Empty);
        SetVariable("TELEPORT_PLUGINS__ADAPTERS__ENABLED", "[\"fixture-a\", [1]]");

        var (_, error) = await CheckAsync(config);

        Assert.That(ProblemLines(error), Is.EqualTo(new[]
        {
            "environment variable TELEPORT_PLUGINS__ADAPTERS__ENABLED: adapters.enabled: expected a TOML array of strings such as [\"a\", \"b\"], or a comma-separated list",
        }));
    }

    [Test]
    public async Task Check_SecretsInBrokenDuplicateOrMisplacedValues_NeverPrinted()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var config = harness.WriteConfig("""
            [http.basic_auth]
            user = "teleport"
            password = "first-secret-value"
            password = "second-secret-value"
            [slak]
            token = xoxb-unquoted-secret
            """);
        SetVariable("TELEPORT_PLUGINS__SLAK__SIGNING_SECRET", "environment-secret-value");

        var (code, error) = await CheckAsync(config);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(ProblemLines(error), Has.Length.GreaterThanOrEqualTo(3));
        Assert.That(error, Does.Not.Contain("secret-value").And.Not.Contain("xoxb").And.Not.Contain("unquoted"));
    }

    private void SetVariable(string name, string value)
    {
        _variables.Add(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    private static string[] ProblemLines(string error) =>
        [.. error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.Contains("problem(s) found", StringComparison.Ordinal))];

    private static async Task<(int Code, string Error)> CheckAsync(string config)
    {
        var (code, _, error) = await RunAsync("check", "-c", config);
        return (code, error);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }
}
