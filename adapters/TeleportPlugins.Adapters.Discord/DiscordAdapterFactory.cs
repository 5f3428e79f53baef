using TeleportPlugins.Adapters.Common.Messaging;
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
        var client = new DiscordApiClient(context.HttpClient, options.ApiUrl, options.Token, context.TimeProvider);
        return new ChatAdapter(new DiscordPlatform(client), options.ToSettings(context), context.Logger);
    }
}
