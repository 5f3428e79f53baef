using System.Text.Json;
using TeleportPlugins.Adapters.ServiceNow;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Load.Tests.Fakes;

public sealed class ServiceNowLoadToolTests : DeduplicatingLoadToolTests
{
    protected override IAccessRequestAdapterFactory Factory { get; } = new ServiceNowAdapterFactory();

    protected override string RootIdKey => "incident_id";

    protected override (HttpMethod Method, string Path, Dictionary<string, string> Headers) WrongCredentialCall(object options) =>
        (HttpMethod.Get, "api/now/table/incident?sysparm_limit=1", new() { ["Authorization"] = Basic(((ServiceNowOptions)options).Username, "not-the-password") });

    protected override void AssertRefusal(int status, JsonElement refusal)
    {
        Assert.That(status, Is.EqualTo(401));
        Assert.That(refusal.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("User Not Authenticated"));
        Assert.That(refusal.GetProperty("status").GetString(), Is.EqualTo("failure"));
    }
}
