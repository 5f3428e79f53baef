using System.Text.Json;
using TeleportPlugins.Adapters.PagerDuty;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Load.Tests.Fakes;

public sealed class PagerDutyLoadToolTests : DeduplicatingLoadToolTests
{
    protected override IAccessRequestAdapterFactory Factory { get; } = new PagerDutyAdapterFactory();

    protected override string RootIdKey => "incident_id";

    protected override (HttpMethod Method, string Path, Dictionary<string, string> Headers) WrongCredentialCall(object options) =>
        (HttpMethod.Get, "abilities", new() { ["Authorization"] = $"Token token={((PagerDutyOptions)options).ApiKey}-wrong" });

    protected override void AssertRefusal(int status, JsonElement refusal)
    {
        Assert.That(status, Is.EqualTo(401));
        Assert.That(refusal.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(2006));
        Assert.That(refusal.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("Authentication failed"));
    }
}
