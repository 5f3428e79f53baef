using TeleportPlugins.Fakes;
using System.Net;
using System.Text;
using TeleportPlugins.Adapters.Slack;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Load.Fakes.Slack;
using TeleportPlugins.Load.Measure;
using TeleportPlugins.Load.Tests.Support;

namespace TeleportPlugins.Load.Tests.Fakes;

public sealed class SlackLoadToolTests : LoadToolTests<SlackLoadTool>
{
    private protected override string AdapterName => "slack";

    private protected override string WrongCredentialsHealth => "Slack rejected the token (invalid_auth)";

    [Test]
    public async Task AuthTest_WrongToken_InvalidAuthWithHttp200AsSlackAnswers()
    {
        await using var tool = await StartAsync(new ArrivalLog(1, ["slack"]), FaultPlan.None);

        var (body, _) = await LoadAssertions.RefusedAsync(tool, HttpStatusCode.OK, HttpMethod.Post, new Uri(tool.ApiUrl, "auth.test"), null, ("Authorization", "Bearer xoxb-someone-else"));

        Assert.That(body, Is.EqualTo("""{"ok":false,"error":"invalid_auth"}"""));
    }

    [Test]
    public async Task PostMessage_WithoutText_NoTextRefused()
    {
        await using var tool = await StartAsync(new ArrivalLog(1, ["slack"]), FaultPlan.None);
        using var content = new StringContent($$"""{"channel":"{{tool.ChannelName}}","text":"","blocks":[]}""", Encoding.UTF8, "application/json");

        var (body, _) = await LoadAssertions.RefusedAsync(tool, HttpStatusCode.OK, HttpMethod.Post, new Uri(tool.ApiUrl, "chat.postMessage"), content, ("Authorization", $"Bearer {tool.Token}"));

        Assert.That(body, Is.EqualTo("""{"ok":false,"error":"no_text"}"""));
    }

    private protected override Task<SlackLoadTool> StartAsync(ArrivalLog log, FaultPlan faults) => SlackLoadTool.StartAsync(log, faults);

    /// <summary>The adapter with the load tool's <c>channel_pacing = "0s"</c>, on a clock moved a second before each attempt.</summary>
    private protected override AdapterLoadRun Run(SlackLoadTool tool, bool wrongCredentials = false)
    {
        var clock = new FakeTimeProvider();
        var options = new SlackOptions
        {
            Token = wrongCredentials ? "xoxb-someone-else" : tool.Token,
            ApiUrl = tool.ApiUrl,
            ChannelPacing = TimeSpan.Zero,
            RoleToRecipients = AdapterHarness.Recipients(("*", [tool.ChannelName])),
        };
        return new AdapterLoadRun(new SlackAdapterFactory(), options, clock, () => clock.Advance(TimeSpan.FromSeconds(1)));
    }
}
