using TeleportPlugins.Load.Measure;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes.Discord;

/// <summary>
/// Discord for load runs: the lean API v10 and a <c>[discord]</c> section that sends every request to one channel.
/// The requester notification is off: a Discord bot cannot find a user by e-mail, so the adapter would only log, per
/// request, that it has no one to notify.
/// </summary>
public sealed class DiscordLoadTool : LeanLoadTool
{
    private DiscordLoadTool(FakeApiServer server)
        : base("discord", server)
    {
    }

    /// <summary>The bot token the fake accepts.</summary>
    public string Token { get; } = "discord-load-token.7f3c2a.9e5d0001";

    /// <summary>The one channel every request goes to.</summary>
    public string ChannelId { get; } = "120000000000000001";

    /// <summary>The adapter's <c>api_url</c>.</summary>
    public Uri ApiUrl => new(Server.BaseAddress, "api/v10/");

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [discord]
        token = "{Token}"
        api_url = "{ApiUrl}"
        notify_requester = false
        [discord.role_to_recipients]
        "*" = ["{ChannelId}"]

        """;

    /// <summary>Starts the fake.</summary>
    /// <param name="log">Where accepted calls are counted (its tools include "discord").</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The tool.</returns>
    public static async Task<DiscordLoadTool> StartAsync(ArrivalLog log, FaultPlan faults)
    {
        var tool = new DiscordLoadTool(await FakeApiServer.StartAsync(LoadTools.Options("discord", log, faults)));
        new DiscordLeanApi(tool.Token, tool.ChannelId).MapTo(tool.Server);
        return tool;
    }
}
