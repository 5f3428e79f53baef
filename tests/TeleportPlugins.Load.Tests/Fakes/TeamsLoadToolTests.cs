using System.Text.Json;
using TeleportPlugins.Adapters.Teams;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;
using TeleportPlugins.Load.Fakes;
using TeleportPlugins.Load.Measure;
using TeleportPlugins.Load.Tests.Support;

namespace TeleportPlugins.Load.Tests.Fakes;

/// <summary>
/// Teams' fake, counted, with the real adapter: the card of a created step repeated without its state, as after a
/// crash, is found in the user's chat (Graph's List messages in a chat keeps each card's footer in counted mode too).
/// </summary>
public sealed class TeamsLoadToolTests : DeduplicatingLoadToolTests
{
    protected override IAccessRequestAdapterFactory Factory { get; } = new TeamsAdapterFactory();

    protected override string RootIdKey => "messages";

    protected override (HttpMethod Method, string Path, Dictionary<string, string> Headers) WrongCredentialCall(object options) =>
        (HttpMethod.Get, "graph/v1.0/appCatalogs/teamsApps", new() { ["Authorization"] = $"Bearer not-a-token-for-{((TeamsOptions)options).AppId}" });

    [Test]
    public async Task ConfigSection_HostCheck_Accepted()
    {
        var tools = await LoadTools.StartAsync(["teams"], new ArrivalLog(1, ["teams"]), FaultPlan.None);
        await using var tool = tools.Single();

        var (exitCode, output) = await HostCheck.RunAsync(tool);

        Assert.That(exitCode, Is.Zero, output);
    }

    protected override void AssertRefusal(int status, JsonElement refusal)
    {
        Assert.That(status, Is.EqualTo(401));
        Assert.That(refusal.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("InvalidAuthenticationToken"));
    }
}
