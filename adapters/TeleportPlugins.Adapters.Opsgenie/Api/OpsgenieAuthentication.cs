using System.Net.Http.Headers;

namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary><c>Authorization: GenieKey …</c> with the API integration key, on every Opsgenie call.</summary>
/// <param name="apiKey">The API key.</param>
internal sealed class OpsgenieAuthentication(string apiKey) : DelegatingHandler
{
    private readonly AuthenticationHeaderValue _authorization = new("GenieKey", apiKey);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        return base.SendAsync(request, cancellationToken);
    }
}
