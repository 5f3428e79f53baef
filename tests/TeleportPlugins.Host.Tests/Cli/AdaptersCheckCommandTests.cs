using TeleportPlugins.Fakes.Teams;
using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Cli;

/// <summary><c>adapters check ADAPTER -c FILE --recipient WHO</c> with the Teams adapter (artifacts/adapters/teams) against its fake.</summary>
public sealed class AdaptersCheckCommandTests
{
    private TempDirectory _temp = null!;
    private TeamsApiFake _fake = null!;
    private AdapterHarness _harness = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _temp = new TempDirectory();
        _harness = new AdapterHarness(_temp);
        _temp.CopyFolder(Path.Combine(RepositoryPaths.Artifacts, "adapters", "teams"), Path.Combine("adapters", "teams"));
        _fake = await TeamsApiFake.StartAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _fake.DisposeAsync();
        await _harness.DisposeAsync();
        _temp.Dispose();
    }

    [Test]
    public async Task Check_TeamsKnownRecipient_SendsTestCard_ExitsZeroSayingWhere()
    {
        var config = _harness.WriteConfig(TeamsConfig());

        var (code, output, error) = await RunAsync("adapters", "check", "teams", "-c", config, "--recipient", "carol@example.com");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.StartWith("adapter teams: carol@example.com: user ").And.Contain(TeamsApiFake.ChatId("carol@example.com")));
        Assert.That(_fake.Cards.Single().ConversationId, Is.EqualTo(TeamsApiFake.ChatId("carol@example.com")));
        Assert.That(output + error, Does.Not.Contain(_fake.Secret));
    }

    [Test]
    public async Task Check_TeamsUnknownRecipient_ExitsOneNamingIt()
    {
        var config = _harness.WriteConfig(TeamsConfig());

        var (code, output, error) = await RunAsync("adapters", "check", "teams", "-c", config, "--recipient", "ghost@example.com");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("adapter teams: recipient ghost@example.com: Teams cannot reach recipient ghost@example.com: no user ghost@example.com"));
        Assert.That(_fake.Cards, Is.Empty);
    }

    [Test]
    public async Task Check_TeamsTokenRefused_ExitsOne_SecretRedacted()
    {
        var config = _harness.WriteConfig(TeamsConfig(secret: "teams-cli-wrong-secret"));

        var (code, _, error) = await RunAsync("adapters", "check", "teams", "-c", config, "--recipient", "carol@example.com");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("adapter teams: health check failed: no token for app").And.Contain("HTTP 401"));
        Assert.That(error, Does.Not.Contain("teams-cli-wrong-secret"));
    }

    [Test]
    public async Task Check_AdapterWithoutTheAbility_ExitsTwoWithClearError()
    {
        _harness.Install("Fixture.AdapterA", "fixture-a");
        var config = _harness.WriteConfig($"enabled = [\"fixture-a\"]\n[fixture-a]\noutput = \"{_temp.Combine("a.txt")}\"");

        var (code, _, error) = await RunAsync("adapters", "check", "fixture-a", "-c", config, "--recipient", "anyone");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("adapter 'fixture-a' cannot check recipients: it does not implement IRecipientCheck (contract 1.3)"));
    }

    [Test]
    public async Task Check_AdapterNotEnabled_ExitsTwo()
    {
        var config = _harness.WriteConfig("enabled = []\n");

        var (code, _, error) = await RunAsync("adapters", "check", "teams", "-c", config, "--recipient", "carol@example.com");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain($"adapter 'teams' is not enabled in {config}"));
    }

    [Test]
    public async Task Check_MissingRecipientOption_BadUsageExitsTwo()
    {
        var config = _harness.WriteConfig(TeamsConfig());

        var (code, _, _) = await RunAsync("adapters", "check", "teams", "-c", config);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(_fake.Server.Requests, Is.Empty);
    }

    private string TeamsConfig(string? secret = null) => $"""
        enabled = ["teams"]
        [teams]
        app_id = "{_fake.AppId}"
        app_secret = "{secret ?? _fake.Secret}"
        tenant_id = "{_fake.TenantId}"
        teams_app_id = "{TeamsApiFake.TeamsAppId}"
        login_url = "{_fake.LoginUrl}"
        graph_url = "{_fake.GraphUrl}"
        bot_url = "{_fake.BotUrl}"
        [teams.role_to_recipients]
        "*" = ["bob@example.com"]
        """;

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }
}
