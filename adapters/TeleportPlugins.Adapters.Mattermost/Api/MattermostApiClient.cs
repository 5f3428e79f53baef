using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using TeleportPlugins.Adapters.Common;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>
/// Mattermost API v4 calls the adapter makes. The token travels only in the Authorization header. Failures are
/// classified by status (429/5xx transient, honouring Retry-After or X-RateLimit-Reset), with the AppError id as detail.
/// </summary>
internal sealed class MattermostApiClient(HttpClient http, Uri serverUrl, string token)
{
    private const string Tool = "Mattermost";
    private const string ResetHeader = "X-RateLimit-Reset";
    private readonly Uri _base = new(new Uri(serverUrl.AbsoluteUri.EndsWith('/') ? serverUrl.AbsoluteUri : serverUrl.AbsoluteUri + "/"), "api/v4/");

    public Uri ServerUrl => serverUrl;

    public async Task<MattermostUser> GetMeAsync(CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, "users/me", null, MattermostJsonContext.Default.MattermostUser, "GET users/me", cancellationToken))!;

    /// <summary>The user with this e-mail address, or null when there is none (404).</summary>
    public Task<MattermostUser?> GetUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"users/email/{Uri.EscapeDataString(email)}", null, MattermostJsonContext.Default.MattermostUser, "GET users/email", cancellationToken, notFoundIsNull: true);

    /// <summary>The channel named <paramref name="channel"/> in team <paramref name="team"/>, or null when there is none (404).</summary>
    public Task<MattermostChannel?> GetChannelByNameAsync(string team, string channel, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"teams/name/{Uri.EscapeDataString(team)}/channels/name/{Uri.EscapeDataString(channel)}", null, MattermostJsonContext.Default.MattermostChannel, "GET channel by name", cancellationToken, notFoundIsNull: true);

    /// <summary>The direct channel between two users (Mattermost returns the existing one when there is one).</summary>
    public async Task<MattermostChannel> CreateDirectChannelAsync(string userId, string otherUserId, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, "channels/direct", JsonContent.Create(new[] { userId, otherUserId }, MattermostJsonContext.Default.StringArray), MattermostJsonContext.Default.MattermostChannel, "POST channels/direct", cancellationToken))!;

    public async Task<MattermostPost> CreatePostAsync(MattermostPost post, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, "posts", JsonContent.Create(post, MattermostJsonContext.Default.MattermostPost), MattermostJsonContext.Default.MattermostPost, "POST posts", cancellationToken))!;

    public Task PatchPostAsync(string postId, MattermostPostPatch patch, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"posts/{Uri.EscapeDataString(postId)}/patch", JsonContent.Create(patch, MattermostJsonContext.Default.MattermostPostPatch), MattermostJsonContext.Default.MattermostPost, "PUT posts/patch", cancellationToken);

    private async Task<T?> SendAsync<T>(HttpMethod method, string relative, HttpContent? content, JsonTypeInfo<T> responseType, string call, CancellationToken cancellationToken, bool notFoundIsNull = false)
        where T : class
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await JsonResponses.TryReadErrorAsync(response, MattermostJsonContext.Default.MattermostError, cancellationToken);
            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound && error?.Id is not null)
            {
                return null;
            }

            HttpFailures.ThrowIfFailed(response, Tool, call, error?.Id, ResetHeader);
        }

        return await JsonResponses.ReadAsync(response, responseType, Tool, call, cancellationToken);
    }
}
