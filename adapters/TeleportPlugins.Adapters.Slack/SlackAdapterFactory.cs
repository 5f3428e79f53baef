using System.Net.Http.Headers;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>The Slack adapter's entry point. Its plugin-data name, <c>slack</c>, is that of Teleport's Slack plugin.</summary>
public sealed class SlackAdapterFactory : AccessRequestAdapterFactory<SlackOptions>
{
    /// <inheritdoc />
    public override string Name => "slack";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, SlackOptions options)
    {
        var slack = RefitApi.Create<ISlackApi>(context.HttpClient, options.ApiUrl, SlackJsonContext.Default, new AuthenticationHeaderValue("Bearer", options.Token));
        var platform = new SlackPlatform(slack, new ChannelPacer(context.TimeProvider, options.ChannelPacing), context.TimeProvider);
        return new ChatAdapter(platform, options.ToSettings(context), context.Logger);
    }
}
