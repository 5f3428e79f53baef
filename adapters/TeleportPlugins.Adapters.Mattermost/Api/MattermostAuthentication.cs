using System.Net.Http.Headers;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>The bot or personal access token as <c>Authorization: Bearer …</c> on every call.</summary>
/// <param name="token">The token.</param>
internal sealed class MattermostAuthentication(string token) : DelegatingHandler
{
    private readonly AuthenticationHeaderValue _authorization = new("Bearer", token);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        return base.SendAsync(request, cancellationToken);
    }
}
