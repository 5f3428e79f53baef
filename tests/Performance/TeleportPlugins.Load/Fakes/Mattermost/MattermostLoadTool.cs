using TeleportPlugins.Load.Measure;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes.Mattermost;

/// <summary>
/// Mattermost for load runs: the lean API v4 and a <c>[mattermost]</c> section that sends every request to one
/// "team/channel" and, on resolution, tells the requester in a direct channel (counted as an update).
/// </summary>
public sealed class MattermostLoadTool : LeanLoadTool
{
    private MattermostLoadTool(FakeApiServer server)
        : base("mattermost", server)
    {
    }

    /// <summary>The token the fake accepts.</summary>
    public string Token { get; } = "mmloadtoken7f3c2a9e5d0000001";

    /// <summary>The team of the load channel.</summary>
    public string Team { get; } = "load";

    /// <summary>The load channel's name.</summary>
    public string ChannelName { get; } = "access-requests";

    /// <summary>The one recipient every request goes to: "team/channel".</summary>
    public string Recipient => $"{Team}/{ChannelName}";

    /// <summary>That channel's ID.</summary>
    public string ChannelId { get; } = "chanloadaccessrequests0001";

    /// <summary>The adapter's <c>url</c>.</summary>
    public Uri Url => Server.BaseAddress;

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [mattermost]
        url = "{Url}"
        token = "{Token}"
        [mattermost.role_to_recipients]
        "*" = ["{Recipient}"]

        """;

    /// <summary>Starts the fake.</summary>
    /// <param name="log">Where accepted calls are counted (its tools include "mattermost").</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The tool.</returns>
    public static async Task<MattermostLoadTool> StartAsync(ArrivalLog log, FaultPlan faults)
    {
        var tool = new MattermostLoadTool(await FakeApiServer.StartAsync(LoadTools.Options("mattermost", log, faults)));
        new MattermostLeanApi(tool.Token, tool.Team, tool.ChannelName, tool.ChannelId).MapTo(tool.Server);
        return tool;
    }
}
