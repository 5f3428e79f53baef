using System.Net.Http.Headers;

namespace TeleportPlugins.Adapters.Common.Refit;

/// <summary>Puts the tool's credentials on every call as its <c>Authorization</c> header (Bearer, Bot, GenieKey, Basic, ...).</summary>
/// <param name="authorization">The header value; it holds a secret, so it is never logged.</param>
internal sealed class AuthorizationHandler(AuthenticationHeaderValue authorization) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = authorization;
        return base.SendAsync(request, cancellationToken);
    }
}
