using TeleportPlugins.Fakes;
using System.Net;
using System.Text;
using TeleportPlugins.Adapters.Discord;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Load.Fakes.Discord;
using TeleportPlugins.Load.Measure;
using TeleportPlugins.Load.Tests.Support;

namespace TeleportPlugins.Load.Tests.Fakes;

public sealed class DiscordLoadToolTests : LoadToolTests<DiscordLoadTool>
{
    private const string UserAgent = "DiscordBot (https://example.com, 1.0)";

    private protected override string AdapterName => "discord";

    private protected override string WrongCredentialsHealth => "Discord rejected the token";

    [Test]
    public async Task UsersMe_WrongToken_401DiscordError()
    {
        await using var tool = await StartAsync(new ArrivalLog(1, ["discord"]), FaultPlan.None);

        var (body, _) = await LoadAssertions.RefusedAsync(tool, HttpStatusCode.Unauthorized, HttpMethod.Get, new Uri(tool.ApiUrl, "users/@me"), null, ("Authorization", "Bot not-the-token"), ("User-Agent", UserAgent));

        Assert.That(body, Is.EqualTo("""{"message":"401: Unauthorized","code":0}"""));
    }

    [Test]
    public async Task CreateMessage_EmptyContent_400InvalidFormBody()
    {
        await using var tool = await StartAsync(new ArrivalLog(1, ["discord"]), FaultPlan.None);
        using var content = new StringContent("""{"content":"","allowed_mentions":{"parse":[]}}""", Encoding.UTF8, "application/json");

        var (body, _) = await LoadAssertions.RefusedAsync(tool, HttpStatusCode.BadRequest, HttpMethod.Post, new Uri(tool.ApiUrl, $"channels/{tool.ChannelId}/messages"), content, ("Authorization", $"Bot {tool.Token}"), ("User-Agent", UserAgent));

        Assert.That(body, Is.EqualTo("""{"message":"Invalid Form Body","code":50035}"""));
    }

    private protected override Task<DiscordLoadTool> StartAsync(ArrivalLog log, FaultPlan faults) => DiscordLoadTool.StartAsync(log, faults);

    private protected override AdapterLoadRun Run(DiscordLoadTool tool, bool wrongCredentials = false) => new(
        new DiscordAdapterFactory(),
        new DiscordOptions
        {
            Token = wrongCredentials ? "not-the-token" : tool.Token,
            ApiUrl = tool.ApiUrl,
            NotifyRequester = false,
            RoleToRecipients = AdapterHarness.Recipients(("*", [tool.ChannelId])),
        });
}
