using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Jira.Tests;

public sealed class JiraSecretTests
{
    [Test]
    public async Task FailingScenarios_NeverShowTheTokenOrWebhookSecret()
    {
        const string Token = "jira-token-must-not-leak-1234";
        await using var h = await JiraTestHarness.StartAsync(o =>
        {
            o.ApiToken = Token;
            o.WebhookEnabled = true;
            o.WebhookSecret = JiraTestHarness.WebhookSecret;
        });
        var messages = new List<string>();

        messages.Add((await h.Adapter.CheckHealthAsync(CancellationToken.None)).Description);
        var failure = Assert.CatchAsync(() => h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(JiraTestHarness.Request(), new AdapterRequestState()), CancellationToken.None));
        messages.Add(failure!.ToString());
        var routes = new RecordingRouteRegistry();
        ((IInboundRouteProvider)h.Adapter).MapRoutes(routes);
        var response = await routes.PostAsync("webhook", "{}"u8.ToArray(), new Dictionary<string, string> { ["X-Hub-Signature"] = "sha256=00" });
        messages.Add(response.Body);
        messages.AddRange(h.Host.Logs.Lines.Select(l => l.Message));

        Assert.Multiple(() =>
        {
            Assert.That(failure, Is.TypeOf<PermanentAdapterException>());
            Assert.That(messages, Has.Some.Contains("401"));
            Assert.That(messages, Has.None.Contains(Token));
            Assert.That(messages, Has.None.Contains(JiraTestHarness.WebhookSecret));
            Assert.That(messages, Has.None.Contains(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{h.Jira.Bot.Email}:{Token}"))));
        });
    }
}
