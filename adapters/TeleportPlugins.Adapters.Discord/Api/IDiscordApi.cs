using Refit;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// The Discord bot REST calls the adapter makes, relative to <c>api_url</c> (version included). Discord refuses bots
/// without a <c>DiscordBot (url, version)</c> User-Agent; the token is added by the Authorization header given to RefitApi.Create.
/// The message calls answer with their headers, which carry the channel's rate-limit bucket.
/// </summary>
[Headers("User-Agent: DiscordBot (https://github.com/teleport-plugins, 0.1.0)")]
internal interface IDiscordApi
{
    [Get("/users/@me")]
    Task<DiscordUser> GetMeAsync(CancellationToken cancellationToken);

    [Post("/channels/{channelId}/messages")]
    Task<IApiResponse<DiscordMessage>> CreateMessageAsync(string channelId, [Body] DiscordMessageRequest message, CancellationToken cancellationToken);

    /// <summary>Get Channel Messages: up to <c>limit</c> (1–100) messages after the snowflake <c>after</c>; needs Read Message History.</summary>
    [Get("/channels/{channelId}/messages")]
    Task<DiscordMessage[]> GetMessagesAsync(string channelId, string after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Edit Original Interaction Response: the message a deferred answer (type 5) left, through the interaction's own
    /// webhook (its token, valid 15 minutes, authorizes the call).
    /// </summary>
    [Patch("/webhooks/{applicationId}/{interactionToken}/messages/@original")]
    Task<DiscordMessage> EditOriginalResponseAsync(string applicationId, string interactionToken, [Body] DiscordMessageRequest message, CancellationToken cancellationToken);

    [Patch("/channels/{channelId}/messages/{messageId}")]
    Task<IApiResponse<DiscordMessage>> EditMessageAsync(string channelId, string messageId, [Body] DiscordMessageRequest message, CancellationToken cancellationToken);
}
