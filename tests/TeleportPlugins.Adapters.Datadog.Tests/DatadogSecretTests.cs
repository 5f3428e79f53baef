using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Adapters.Datadog.Tests;

public sealed class DatadogSecretTests
{
    private const string ApiSecret = "dd-API-SECRET-7e1f0c9a33";
    private const string AppSecret = "dd-APP-SECRET-4b8d2e6f15";

    [Test]
    public async Task FailingCalls_NeverShowEitherKey()
    {
        await using var bed = await DatadogTestBed.StartAsync(ApiSecret, AppSecret);
        var request = DatadogTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>> { ["teleport.dev/schedules"] = ["sre"] });
        var messages = new List<string>();

        var health = await bed.Adapter.CheckHealthAsync(CancellationToken.None);
        messages.Add(health.Description);
        messages.Add(Assert.ThrowsAsync<PermanentAdapterException>(() => bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None))!.ToString());
        messages.Add(Assert.ThrowsAsync<PermanentAdapterException>(() => bed.Approver.EvaluateAsync(request, CancellationToken.None))!.ToString());
        var state = new AdapterRequestState([new("incident_id", "i1")]);
        bed.Fake.Server.FailNext("POST", "/api/v2/incidents/i1/timeline", FakeResponse.Error(502));
        messages.Add(Assert.ThrowsAsync<TransientAdapterException>(() => bed.Adapter.OnRequestExpiredAsync(new RequestExpiredContext(request, state), CancellationToken.None))!.ToString());

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(bed.Fake.Server.Requests.Select(r => (r.Header("DD-API-KEY"), r.Header("DD-APPLICATION-KEY"))), Is.All.EqualTo((ApiSecret, AppSecret)), "the keys were sent, so they could have leaked");
        Assert.That(messages.Concat(bed.Context.Logs.Lines.Select(l => l.Message)), Has.None.Contains("SECRET").And.None.Contains("7e1f0c9a").And.None.Contains("4b8d2e6f"));
    }
}
