using System.Net;
using System.Net.Http.Headers;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// Puts the audience's Bearer token on every call. A 401 drops that token from the cache, so the step's retry asks
/// the identity platform for a new one instead of sending the refused one again.
/// </summary>
internal sealed class TeamsTokenHandler(TeamsTokens tokens, string scope) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(scope, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            tokens.Invalidate(scope, token);
        }

        return response;
    }
}
