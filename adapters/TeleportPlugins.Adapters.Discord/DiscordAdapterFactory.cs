using System.Net.Http.Headers;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>The Discord adapter's entry point. Its plugin-data name, <c>discord</c>, is that of Teleport's plugin.</summary>
public sealed class DiscordAdapterFactory : AccessRequestAdapterFactory<DiscordOptions>
{
    /// <summary>The route of the app's Interactions Endpoint URL, below <c>/adapters/discord/</c>.</summary>
    public const string InteractionsRoute = "interactions";

    /// <inheritdoc />
    public override string Name => "discord";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, DiscordOptions options)
    {
        var discord = RefitApi.Create<IDiscordApi>(context.HttpClient, options.ApiUrl, DiscordJsonContext.Default, new AuthenticationHeaderValue("Bot", options.Token));
        var review = options.Review;
        var platform = new DiscordPlatform(discord, new DiscordBuckets(context.TimeProvider), context.TimeProvider, review.Enabled);
        var chat = new ChatAdapter(platform, options.ToSettings(context), context.Logger);
        if (!review.Enabled)
        {
            // Approve-from-tool is off: no buttons, and no route that would accept an interaction.
            return chat;
        }

        var handler = new DiscordInteractionHandler(
            DiscordReviewOptions.ParsePublicKey(review.PublicKey)!,
            platform,
            new ToolReviewFlow(context.OnBehalfReviews, review, "Discord", context.Logger),
            new ReplayGuard(context.TimeProvider, DiscordInteractionHandler.Window),
            context.TimeProvider,
            context.Logger);
        return new RoutedChatAdapter(chat, routes => routes.MapPost(InteractionsRoute, (request, cancellationToken) => handler.HandleAsync(request, routes.MaxBodyBytes, cancellationToken)));
    }
}
