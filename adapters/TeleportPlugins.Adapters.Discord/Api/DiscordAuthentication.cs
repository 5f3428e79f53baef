using System.Net.Http.Headers;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>The bot token as <c>Authorization: Bot …</c> on every call.</summary>
/// <param name="token">The bot token.</param>
internal sealed class DiscordAuthentication(string token) : DelegatingHandler
{
    private readonly AuthenticationHeaderValue _authorization = new("Bot", token);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        return base.SendAsync(request, cancellationToken);
    }
}
