using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Slack;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes.Slack;

/// <summary>
/// Slack for load runs: the Slack fake, counted, with one channel and every requester a workspace member, and a
/// <c>[slack]</c> section that sends every request to that channel (by name, as users configure it) and, on
/// resolution, tells the requester by direct message (counted as an update).
/// </summary>
public sealed class SlackLoadTool : LoadTool
{
    private SlackLoadTool(SlackApiFake fake)
        : base("slack", fake.Server)
    {
        Fake = fake;
    }

    /// <summary>The fake.</summary>
    public SlackApiFake Fake { get; }

    /// <summary>The bot token the fake accepts.</summary>
    public string Token => Fake.Token;

    /// <summary>The one channel every request goes to, by name.</summary>
    public string ChannelName { get; } = "load-requests";

    /// <summary>That channel's ID, which Slack answers when a message is posted to its name.</summary>
    public string ChannelId { get; } = "C0LOADREQS";

    /// <summary>The adapter's <c>api_url</c>.</summary>
    public Uri ApiUrl => Fake.ApiUrl;

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [slack]
        token = "{Token}"
        api_url = "{ApiUrl}"
        # The fake does not enforce Slack's one message a second per channel; real Slack keeps the default pacing.
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
        var fake = await SlackApiFake.StartAsync("xoxb-load-0000000001-7f3c2a9e5d", LoadTools.Options("slack", log, faults));
        var tool = new SlackLoadTool(fake);
        fake.AddChannel(tool.ChannelName, tool.ChannelId);
        fake.KnowEveryEmail();
        return tool;
    }
}
