using System.Text.Json;
using TeleportPlugins.Adapters.Datadog;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Load.Tests.Fakes;

public sealed class DatadogLoadToolTests : DeduplicatingLoadToolTests
{
    protected override IAccessRequestAdapterFactory Factory { get; } = new DatadogAdapterFactory();

    protected override string RootIdKey => "incident_id";

    protected override (HttpMethod Method, string Path, Dictionary<string, string> Headers) WrongCredentialCall(object options) =>
        (HttpMethod.Get, "api/v1/validate", new() { ["DD-API-KEY"] = $"{((DatadogOptions)options).ApiKey}-wrong" });

    protected override void AssertRefusal(int status, JsonElement refusal)
    {
        Assert.That(status, Is.EqualTo(403));
        Assert.That(refusal.GetProperty("errors").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "Forbidden" }));
    }
}
