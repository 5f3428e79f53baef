using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Mattermost;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes.Mattermost;

/// <summary>
/// Mattermost for load runs: the shared fake, counting, where every e-mail address is a user, and a
/// <c>[mattermost]</c> section that sends every request to one "team/channel" and, on resolution, tells the requester
/// in a direct channel (counted as an update).
/// </summary>
public sealed class MattermostLoadTool : LoadTool
{
    private MattermostLoadTool(MattermostApiFake fake)
        : base("mattermost", fake.Server) => Token = fake.Token;

    /// <summary>The token the fake accepts.</summary>
    public string Token { get; }

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
        var fake = await MattermostApiFake.StartAsync(LoadTools.Options("mattermost", log, faults), "mmloadtoken7f3c2a9e5d0000001");
        var tool = new MattermostLoadTool(fake);
        fake.AddChannel(tool.Team, tool.ChannelName, tool.ChannelId);
        fake.TreatEveryEmailAsUser();
        return tool;
    }
}
