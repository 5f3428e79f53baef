using System.Text;
using System.Text.Json;
using TeleportPlugins.Adapters.Jira;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Load.Tests.Fakes;

public sealed class JiraLoadToolTests : LoadToolTests
{
    protected override IAccessRequestAdapterFactory Factory { get; } = new JiraAdapterFactory();

    [Test]
    public async Task Call_WrongApiToken_Gets401WithJiraErrorEnvelope()
    {
        await using var driver = await LoadToolDriver.StartAsync(Factory, requests: 1);
        var options = (JiraOptions)driver.Options;

        var (status, body) = await driver.SendAsync(
            HttpMethod.Get,
            "rest/api/2/myself",
            new Dictionary<string, string> { ["Authorization"] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:not-the-token")) });

        using var error = JsonDocument.Parse(body);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(401));
            Assert.That(error.RootElement.GetProperty("errorMessages")[0].GetString(), Does.Contain("not authenticated"));
            Assert.That(error.RootElement.GetProperty("errors").ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(driver.Server.Refused, Is.EqualTo(1));
            Assert.That(driver.Log.Calls(driver.ToolIndex), Is.Zero);
        }
    }
}
