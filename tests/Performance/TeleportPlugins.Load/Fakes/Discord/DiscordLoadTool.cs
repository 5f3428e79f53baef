using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Discord;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes.Discord;

/// <summary>
/// Discord for load runs: the shared fake, counting, and a <c>[discord]</c> section that sends every request to one channel.
/// The requester notification is off: a Discord bot cannot find a user by e-mail, so the adapter would only log, per
/// request, that it has no one to notify.
/// </summary>
public sealed class DiscordLoadTool : LoadTool
{
    private DiscordLoadTool(DiscordApiFake fake)
        : base("discord", fake.Server) => Token = fake.Token;

    /// <summary>The bot token the fake accepts.</summary>
    public string Token { get; }

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
        var fake = await DiscordApiFake.StartAsync(LoadTools.Options("discord", log, faults), "discord-load-token.7f3c2a.9e5d0001");
        var tool = new DiscordLoadTool(fake);
        fake.AddChannel(tool.ChannelId);
        return tool;
    }
}
