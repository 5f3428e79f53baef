using TeleportPlugins.Fakes;
using System.Net;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Adapters.Mattermost;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Load.Fakes.Mattermost;
using TeleportPlugins.Load.Measure;
using TeleportPlugins.Load.Tests.Support;

namespace TeleportPlugins.Load.Tests.Fakes;

public sealed class MattermostLoadToolTests : LoadToolTests<MattermostLoadTool>
{
    private protected override string AdapterName => "mattermost";

    private protected override string WrongCredentialsHealth => "rejected the token";

    [Test]
    public async Task UsersMe_WrongToken_401AppError()
    {
        await using var tool = await StartAsync(new ArrivalLog(1, ["mattermost"]), FaultPlan.None);

        var (body, _) = await LoadAssertions.RefusedAsync(tool, HttpStatusCode.Unauthorized, HttpMethod.Get, new Uri(tool.Url, "api/v4/users/me"), null, ("Authorization", "Bearer not-the-token"));

        Assert.That(body, Does.Contain("\"id\":\"api.context.session_expired.app_error\"").And.Contain("\"status_code\":401"));
    }

    [Test]
    public async Task CreatePost_WithoutMessage_400AppError()
    {
        await using var tool = await StartAsync(new ArrivalLog(1, ["mattermost"]), FaultPlan.None);
        using var content = new StringContent($$"""{"channel_id":"{{tool.ChannelId}}"}""", Encoding.UTF8, "application/json");

        var (body, _) = await LoadAssertions.RefusedAsync(tool, HttpStatusCode.BadRequest, HttpMethod.Post, new Uri(tool.Url, "api/v4/posts"), content, ("Authorization", $"Bearer {tool.Token}"));

        Assert.That(body, Does.Contain("\"id\":\"model.post.is_valid.msg.app_error\""));
    }

    [Test]
    public async Task DirectChannel_Repeated_AnswersTheSameChannel()
    {
        await using var tool = await StartAsync(new ArrivalLog(1, ["mattermost"]), FaultPlan.None);
        var bot = await IdOfAsync(tool, HttpMethod.Get, "users/me", null);
        var user = await IdOfAsync(tool, HttpMethod.Get, "users/email/alice@example.com", null);

        var first = await IdOfAsync(tool, HttpMethod.Post, "channels/direct", $"[\"{bot}\",\"{user}\"]");
        var second = await IdOfAsync(tool, HttpMethod.Post, "channels/direct", $"[\"{user}\",\"{bot}\"]");

        Assert.That(second, Is.EqualTo(first), "Mattermost answers the existing direct channel");
    }

    private protected override Task<MattermostLoadTool> StartAsync(ArrivalLog log, FaultPlan faults) => MattermostLoadTool.StartAsync(log, faults);

    private protected override AdapterLoadRun Run(MattermostLoadTool tool, bool wrongCredentials = false) => new(
        new MattermostAdapterFactory(),
        new MattermostOptions
        {
            Url = tool.Url,
            Token = wrongCredentials ? "not-the-token" : tool.Token,
            RoleToRecipients = AdapterHarness.Recipients(("*", [tool.Recipient])),
        });

    private static async Task<string> IdOfAsync(MattermostLoadTool tool, HttpMethod method, string path, string? json)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        var (status, body, _) = await Wire.SendAsync(method, new Uri(tool.Url, "api/v4/" + path), content, ("Authorization", $"Bearer {tool.Token}"));
        Assert.That((int)status, Is.InRange(200, 201), body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("id").GetString()!;
    }
}
