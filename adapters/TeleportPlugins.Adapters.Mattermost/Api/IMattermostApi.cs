using Refit;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// The Mattermost API v4 calls the adapter makes, relative to <c>url</c>. Failures come as an error status
/// with an <c>AppError</c> body; the token is added by the Authorization header given to RefitApi.Create.
/// </summary>
[Headers("Accept: application/json")]
internal interface IMattermostApi
{
    [Get("/api/v4/users/me")]
    Task<MattermostUser> GetMeAsync(CancellationToken cancellationToken);

    /// <summary><c>GET users/{userId}</c>: a user by ID (a clicking user's e-mail address); 404 with an AppError when there is none.</summary>
    [Get("/api/v4/users/{userId}")]
    Task<MattermostUser> GetUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary><c>GET users/email/{email}</c>; 404 with an AppError when there is no such user.</summary>
    [Get("/api/v4/users/email/{email}")]
    Task<MattermostUser> GetUserByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary><c>GET teams/name/{team}/channels/name/{channel}</c>; 404 with an AppError when there is none.</summary>
    [Get("/api/v4/teams/name/{team}/channels/name/{channel}")]
    Task<MattermostChannel> GetChannelByNameAsync(string team, string channel, CancellationToken cancellationToken);

    /// <summary><c>POST channels/direct</c>: the direct channel of two users (the existing one when there is one).</summary>
    [Post("/api/v4/channels/direct")]
    Task<MattermostChannel> CreateDirectChannelAsync([Body] string[] userIds, CancellationToken cancellationToken);

    /// <summary><c>POST posts</c>: a post, or a thread reply with <c>root_id</c>.</summary>
    [Post("/api/v4/posts")]
    Task<MattermostPost> CreatePostAsync([Body] MattermostPost post, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET channels/{channelId}/posts?since=</c>: every post of the channel (replies too, with <c>root_id</c>) created
    /// or changed after <c>since</c> (Unix milliseconds), at most 1000; needs <c>read_channel</c>.
    /// </summary>
    [Get("/api/v4/channels/{channelId}/posts")]
    Task<MattermostPostList> GetPostsSinceAsync(string channelId, long since, CancellationToken cancellationToken);

    /// <summary><c>GET channels/{channelId}/posts?page=&amp;per_page=</c>: one page of the channel's posts, newest first.</summary>
    [Get("/api/v4/channels/{channelId}/posts")]
    Task<MattermostPostList> GetPostsPageAsync(string channelId, int page, [AliasAs("per_page")] int perPage, CancellationToken cancellationToken);

    /// <summary><c>GET posts/{postId}/thread</c>: the post's thread, its root and every reply; needs <c>read_channel</c>.</summary>
    [Get("/api/v4/posts/{postId}/thread")]
    Task<MattermostPostList> GetThreadAsync(string postId, CancellationToken cancellationToken);

    /// <summary><c>POST actions/dialogs/open</c>: shows a dialog to the user whose click gave the trigger ID.</summary>
    [Post("/api/v4/actions/dialogs/open")]
    Task<MattermostStatus> OpenDialogAsync([Body] MattermostDialogOpen dialog, CancellationToken cancellationToken);

    /// <summary><c>PUT posts/{postId}/patch</c>: changes only the fields sent.</summary>
    [Put("/api/v4/posts/{postId}/patch")]
    Task<MattermostPost> PatchPostAsync(string postId, [Body] MattermostPostPatch patch, CancellationToken cancellationToken);
}
