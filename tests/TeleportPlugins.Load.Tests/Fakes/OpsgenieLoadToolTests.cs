using System.Text.Json;
using TeleportPlugins.Adapters.Opsgenie;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Load.Tests.Fakes;

public sealed class OpsgenieLoadToolTests : DeduplicatingLoadToolTests
{
    protected override IAccessRequestAdapterFactory Factory { get; } = new OpsgenieAdapterFactory();

    protected override string RootIdKey => "alert_id";

    protected override (HttpMethod Method, string Path, Dictionary<string, string> Headers) WrongCredentialCall(object options) =>
        (HttpMethod.Get, "v2/heartbeats/teleport-access-heartbeat/ping", new() { ["Authorization"] = $"GenieKey {((OpsgenieOptions)options).ApiKey}-wrong" });

    protected override void AssertRefusal(int status, JsonElement refusal)
    {
        Assert.That(status, Is.EqualTo(401));
        Assert.That(refusal.GetProperty("message").GetString(), Is.EqualTo("Could not authenticate"));
        Assert.That(refusal.GetProperty("requestId").GetString(), Is.Not.Empty);
    }
}
