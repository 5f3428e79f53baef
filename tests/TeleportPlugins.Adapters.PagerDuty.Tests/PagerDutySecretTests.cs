using TeleportPlugins.Fakes;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.PagerDuty.Tests;

public sealed class PagerDutySecretTests
{
    private const string Secret = "pd-SECRET-6c0ffee9d2b84e71";

    [Test]
    public async Task FailingCalls_NeverShowTheApiKey()
    {
        await using var bed = await PagerDutyTestBed.StartAsync(adapterApiKey: Secret);
        bed.Fake.AddService("Teleport Notifications", "PEP1");
        var request = PagerDutyTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>>
        {
            ["pagerduty_notify_service"] = ["Teleport Notifications"],
            ["pagerduty_services"] = ["Teleport Notifications"],
        });
        var messages = new List<string>();

        var health = await bed.Adapter.CheckHealthAsync(CancellationToken.None);
        messages.Add(health.Description);
        messages.Add(Assert.ThrowsAsync<PermanentAdapterException>(() => bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None))!.ToString());
        messages.Add(Assert.ThrowsAsync<PermanentAdapterException>(() => bed.Approver.EvaluateAsync(request, CancellationToken.None))!.ToString());
        var state = new AdapterRequestState([new("incident_id", "PI00001")]);
        bed.Fake.Server.FailNext("POST", "/incidents/PI00001/notes", FakeResponse.Error(503));
        messages.Add(Assert.ThrowsAsync<TransientAdapterException>(() => bed.Adapter.OnRequestExpiredAsync(new RequestExpiredContext(request, state), CancellationToken.None))!.ToString());

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(bed.Fake.Server.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo($"Token token={Secret}"), "the key was sent, so it could have leaked");
        Assert.That(messages, Has.None.Contains(Secret));
        Assert.That(bed.Context.Logs.Lines.Select(l => l.Message), Has.None.Contains(Secret));
        Assert.That(messages.Concat(bed.Context.Logs.Lines.Select(l => l.Message)), Has.None.Contains("6c0ffee9"));
    }
}
