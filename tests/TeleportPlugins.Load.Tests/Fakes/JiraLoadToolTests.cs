using System.Text.Json;
using TeleportPlugins.Adapters.Jira;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Load.Tests.Fakes;

public sealed class JiraLoadToolTests : LoadToolTests
{
    protected override IAccessRequestAdapterFactory Factory { get; } = new JiraAdapterFactory();

    protected override (HttpMethod Method, string Path, Dictionary<string, string> Headers) WrongCredentialCall(object options) =>
        (HttpMethod.Get, "rest/api/2/myself", new() { ["Authorization"] = Basic(((JiraOptions)options).Username, "not-the-token") });

    protected override void AssertRefusal(int status, JsonElement refusal)
    {
        Assert.That(status, Is.EqualTo(401));
        Assert.That(refusal.GetProperty("errorMessages")[0].GetString(), Does.Contain("not authenticated"));
        Assert.That(refusal.GetProperty("errors").ValueKind, Is.EqualTo(JsonValueKind.Object));
    }
}
