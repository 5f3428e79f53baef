using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.ServiceNow.Tests;

public sealed class ServiceNowSecretTests
{
    [Test]
    public async Task FailingScenarios_NeverShowThePasswordOrTheBasicHeader()
    {
        const string Password = "servicenow-password-must-not-leak-1234";
        await using var h = await ServiceNowTestHarness.StartAsync(o =>
        {
            o.Password = Password;
            o.AutoApprove = true;
        });
        var messages = new List<string> { (await h.Adapter.CheckHealthAsync(CancellationToken.None)).Description };
        var created = Assert.CatchAsync(() => h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(ServiceNowTestHarness.Request(), new AdapterRequestState()), CancellationToken.None));
        var evaluated = Assert.CatchAsync(() => h.Approver.EvaluateAsync(ServiceNowTestHarness.WithRotas(ServiceNowTestHarness.Request(), "rota"), CancellationToken.None));
        messages.Add(created!.ToString());
        messages.Add(evaluated!.ToString());
        messages.AddRange(h.Host.Logs.Lines.Select(l => l.Message));

        var header = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{h.ServiceNow.Username}:{Password}"));
        Assert.Multiple(() =>
        {
            Assert.That(created, Is.TypeOf<PermanentAdapterException>());
            Assert.That(messages, Has.Some.Contains("401"));
            Assert.That(messages, Has.None.Contains(Password));
            Assert.That(messages, Has.None.Contains(header));
        });
    }
}
