using System.Net.Http.Headers;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>The Mattermost adapter's entry point. Its plugin-data name, <c>mattermost</c>, is that of Teleport's plugin.</summary>
public sealed class MattermostAdapterFactory : AccessRequestAdapterFactory<MattermostOptions>
{
    /// <summary>The route Mattermost sends button clicks to, below <c>/adapters/mattermost/</c>.</summary>
    public const string ActionRoute = "action";

    /// <inheritdoc />
    public override string Name => "mattermost";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, MattermostOptions options)
    {
        var clock = new MattermostServerClock(new AuthenticationHeaderValue("Bearer", options.Token), context.TimeProvider);
        var mattermost = RefitApi.Create<IMattermostApi>(context.HttpClient, options.Url!, MattermostJsonContext.Default, clock);
        var review = options.Review;
        var buttons = review.Enabled ? new MattermostButtons(review) : null;
        var platform = new MattermostPlatform(mattermost, clock, context.TimeProvider, buttons);
        var chat = new ChatAdapter(platform, options.ToSettings(context), context.Logger);
        if (buttons is null)
        {
            // Approve-from-tool is off: no buttons, and no route that would accept a click.
            return chat;
        }

        var handler = new MattermostActionHandler(
            buttons,
            platform,
            new ToolReviewFlow(context.OnBehalfReviews, review, "Mattermost", context.Logger),
            review,
            new ReplayGuard(context.TimeProvider, MattermostActionHandler.RetryWindow),
            context.TimeProvider,
            context.Logger);
        return new RoutedChatAdapter(chat, routes => routes.MapPost(ActionRoute, (request, cancellationToken) => handler.HandleAsync(request, routes.MaxBodyBytes, cancellationToken)));
    }
}
