using System.Net.Http.Headers;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>The Discord adapter's entry point. Its plugin-data name, <c>discord</c>, is that of Teleport's plugin.</summary>
public sealed class DiscordAdapterFactory : AccessRequestAdapterFactory<DiscordOptions>
{
    /// <inheritdoc />
    public override string Name => "discord";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, DiscordOptions options)
    {
        var discord = RefitApi.Create<IDiscordApi>(context.HttpClient, options.ApiUrl, DiscordJsonContext.Default, new AuthenticationHeaderValue("Bot", options.Token));
        return new ChatAdapter(new DiscordPlatform(discord, new DiscordBuckets(context.TimeProvider), context.TimeProvider), options.ToSettings(context), context.Logger);
    }
}
