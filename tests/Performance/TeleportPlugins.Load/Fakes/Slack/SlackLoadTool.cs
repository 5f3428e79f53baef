using TeleportPlugins.Load.Measure;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes.Slack;

/// <summary>
/// Slack for load runs: the lean Web API and a <c>[slack]</c> section that sends every request to one channel (by
/// name, as users configure it) and, on resolution, tells the requester by direct message (counted as an update).
/// </summary>
public sealed class SlackLoadTool : LeanLoadTool
{
    private SlackLoadTool(FakeApiServer server)
        : base("slack", server)
    {
    }

    /// <summary>The bot token the fake accepts.</summary>
    public string Token { get; } = "xoxb-load-0000000001-7f3c2a9e5d";

    /// <summary>The one channel every request goes to, by name.</summary>
    public string ChannelName { get; } = "load-requests";

    /// <summary>That channel's ID, which Slack answers when a message is posted to its name.</summary>
    public string ChannelId { get; } = "C0LOADREQS";

    /// <summary>The adapter's <c>api_url</c>.</summary>
    public Uri ApiUrl => new(Server.BaseAddress, "api/");

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [slack]
        token = "{Token}"
        api_url = "{ApiUrl}"
        # The fake has no per-channel limit; real Slack keeps the default one message per second per channel.
        channel_pacing = "0s"
        [slack.role_to_recipients]
        "*" = ["{ChannelName}"]

        """;

    /// <summary>Starts the fake.</summary>
    /// <param name="log">Where accepted calls are counted (its tools include "slack").</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The tool.</returns>
    public static async Task<SlackLoadTool> StartAsync(ArrivalLog log, FaultPlan faults)
    {
        var tool = new SlackLoadTool(await FakeApiServer.StartAsync(LoadTools.Options("slack", log, faults)));
        new SlackLeanApi(tool.Token, tool.ChannelName, tool.ChannelId).MapTo(tool.Server);
        return tool;
    }
}
