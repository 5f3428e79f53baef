using Refit;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// The Slack Web API methods the adapter calls, relative to <c>api_url</c>. Slack answers most failures with HTTP 200
/// and <c>ok: false</c>, which the caller checks; the token is added by the Authorization header given to RefitApi.Create.
/// </summary>
[Headers("Accept: application/json")]
internal interface ISlackApi
{
    /// <summary><c>POST auth.test</c>: who the token belongs to.</summary>
    [Post("/auth.test")]
    Task<SlackAuthTestResponse> AuthTestAsync(CancellationToken cancellationToken);

    /// <summary><c>POST chat.postMessage</c>: a new message, or a thread reply with <c>thread_ts</c>.</summary>
    [Post("/chat.postMessage")]
    Task<SlackMessageResponse> PostMessageAsync([Body] SlackPostMessageRequest message, CancellationToken cancellationToken);

    [Post("/chat.update")]
    Task<SlackMessageResponse> UpdateMessageAsync([Body] SlackUpdateMessageRequest update, CancellationToken cancellationToken);

    [Get("/users.lookupByEmail")]
    Task<SlackLookupUserResponse> LookupUserByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary><c>GET users.info</c>: a user, with its e-mail address given the scope <c>users:read.email</c>.</summary>
    [Get("/users.info")]
    Task<SlackLookupUserResponse> UserInfoAsync(string user, CancellationToken cancellationToken);

    /// <summary><c>POST chat.postEphemeral</c>: a message only one user of the channel sees.</summary>
    [Post("/chat.postEphemeral")]
    Task<SlackOkResponse> PostEphemeralAsync([Body] SlackPostEphemeralRequest message, CancellationToken cancellationToken);

    /// <summary><c>POST views.open</c>: a modal, opened with a click's trigger_id.</summary>
    [Post("/views.open")]
    Task<SlackOkResponse> OpenViewAsync([Body] SlackOpenViewRequest view, CancellationToken cancellationToken);

    /// <summary><c>GET conversations.history</c>: a channel's messages newer than <c>oldest</c>, newest first, a page per cursor.</summary>
    [Get("/conversations.history?include_all_metadata=true")]
    Task<SlackHistoryResponse> HistoryAsync(string channel, string oldest, int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary><c>GET conversations.replies</c>: a thread's parent and its replies newer than <c>oldest</c>, a page per cursor.</summary>
    [Get("/conversations.replies?include_all_metadata=true")]
    Task<SlackHistoryResponse> RepliesAsync(string channel, string ts, string oldest, int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary><c>POST conversations.open</c>: the DM channel ID of a user.</summary>
    [Post("/conversations.open")]
    Task<SlackOpenResponse> OpenAsync([Body] SlackOpenRequest request, CancellationToken cancellationToken);

    /// <summary><c>GET conversations.list</c>: one page of the channels the bot can see, to find a channel's ID by name.</summary>
    [Get("/conversations.list?types=public_channel,private_channel&exclude_archived=true")]
    Task<SlackListResponse> ListAsync(int limit, string? cursor, CancellationToken cancellationToken);
}
