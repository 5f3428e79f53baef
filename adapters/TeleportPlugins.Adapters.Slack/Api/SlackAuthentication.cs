using System.Net.Http.Headers;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>The bot token as <c>Authorization: Bearer …</c> on every call (Slack requires the header for JSON bodies).</summary>
/// <param name="token">The bot token.</param>
internal sealed class SlackAuthentication(string token) : DelegatingHandler
{
    private readonly AuthenticationHeaderValue _authorization = new("Bearer", token);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        return base.SendAsync(request, cancellationToken);
    }
}
