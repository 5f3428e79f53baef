using System.Net.Http.Headers;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Adapters.Common.Reviews;
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
        var review = options.Review;
        var platform = new SlackPlatform(slack, new ChannelPacer(context.TimeProvider, options.ChannelPacing), context.TimeProvider, review.Enabled);
        var chat = new ChatAdapter(platform, options.ToSettings(context), context.Logger);
        var work = new BackgroundWork();
        if (!review.Enabled)
        {
            return new SlackAdapter(chat, null, null, work);
        }

        var replays = new ReplayGuard(context.TimeProvider, SlackInteractions.Window);
        var flow = new ToolReviewFlow(context.OnBehalfReviews, review, "Slack", context.Logger);
        var interactions = new SlackInteractions(review, platform, flow, replays, work, context.Logger);
        var socket = review.UsesSocketMode
            ? new SlackSocketModeClient(
                RefitApi.Create<ISlackAppApi>(context.HttpClient, options.ApiUrl, SlackJsonContext.Default, new AuthenticationHeaderValue("Bearer", review.AppToken)),
                interactions,
                replays,
                context.TimeProvider,
                context.Logger)
            : null;
        return new SlackAdapter(chat, interactions, socket, work);
    }
}
