using TeleportPlugins.Fakes;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Opsgenie.Tests;

public sealed class OpsgenieSecretTests
{
    private const string Secret = "og-SECRET-0d15ea5e7b3f4c22";

    [Test]
    public async Task FailingCalls_NeverShowTheApiKey()
    {
        await using var bed = await OpsgenieTestBed.StartAsync(adapterApiKey: Secret);
        var request = OpsgenieTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>> { ["teleport.dev/schedules"] = ["Primary"] });
        var messages = new List<string>();

        var health = await bed.Adapter.CheckHealthAsync(CancellationToken.None);
        messages.Add(health.Description);
        messages.Add(Assert.ThrowsAsync<PermanentAdapterException>(() => bed.RunAsync(() => bed.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(request, new AdapterRequestState()), CancellationToken.None)))!.ToString());
        messages.Add(Assert.ThrowsAsync<PermanentAdapterException>(() => bed.Approver.EvaluateAsync(request, CancellationToken.None))!.ToString());
        var state = new AdapterRequestState([new("alert_id", "a1")]);
        bed.Fake.Server.FailNext("POST", "/v2/alerts/a1/close", FakeResponse.Error(502));
        messages.Add(Assert.ThrowsAsync<TransientAdapterException>(() => bed.Adapter.OnRequestExpiredAsync(new RequestExpiredContext(request, state), CancellationToken.None))!.ToString());

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(bed.Fake.Server.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo($"GenieKey {Secret}"), "the key was sent, so it could have leaked");
        Assert.That(messages.Concat(bed.Context.Logs.Lines.Select(l => l.Message)), Has.None.Contains(Secret).And.None.Contains("0d15ea5e"));
    }
}
