using Refit;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// The Bot Framework Connector calls, relative to the region's service URL; the token (audience
/// <c>https://api.botframework.com</c>) comes from the adapter's handler. Each answers a <c>ResourceResponse</c>.
/// </summary>
internal interface IBotConnectorApi
{
    /// <summary>Send to Conversation: a new activity (201).</summary>
    [Post("/v3/conversations/{conversationId}/activities")]
    Task<BotResourceResponse> SendAsync(string conversationId, [Body] BotActivity activity, CancellationToken cancellationToken);

    /// <summary>Reply to Activity: a new activity in the thread of <paramref name="activityId"/>.</summary>
    [Post("/v3/conversations/{conversationId}/activities/{activityId}")]
    Task<BotResourceResponse> ReplyAsync(string conversationId, string activityId, [Body] BotActivity activity, CancellationToken cancellationToken);

    /// <summary>Update Activity: replaces an activity the bot sent, in place.</summary>
    [Put("/v3/conversations/{conversationId}/activities/{activityId}")]
    Task<BotResourceResponse> UpdateAsync(string conversationId, string activityId, [Body] BotActivity activity, CancellationToken cancellationToken);
}
