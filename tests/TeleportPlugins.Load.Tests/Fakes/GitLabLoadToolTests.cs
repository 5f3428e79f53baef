using System.Text.Json;
using TeleportPlugins.Adapters.GitLab;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Load.Tests.Fakes;

public sealed class GitLabLoadToolTests : LoadToolTests
{
    protected override IAccessRequestAdapterFactory Factory { get; } = new GitLabAdapterFactory();

    [Test]
    public async Task Call_WrongToken_Gets401WithGitLabMessage()
    {
        await using var driver = await LoadToolDriver.StartAsync(Factory, requests: 1);
        var options = (GitLabOptions)driver.Options;

        var (status, body) = await driver.SendAsync(
            HttpMethod.Get,
            $"api/v4/projects/{options.ProjectId}",
            new Dictionary<string, string> { ["PRIVATE-TOKEN"] = options.Token + "-wrong" });

        using var error = JsonDocument.Parse(body);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(401));
            Assert.That(error.RootElement.GetProperty("message").GetString(), Is.EqualTo("401 Unauthorized"));
            Assert.That(driver.Server.Refused, Is.EqualTo(1));
            Assert.That(driver.Log.Calls(driver.ToolIndex), Is.Zero);
        }
    }
}
