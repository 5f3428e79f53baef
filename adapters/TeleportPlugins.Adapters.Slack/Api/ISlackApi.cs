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
}
