using System.Net.Http.Headers;

namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary><c>Authorization: Token token=…</c> with the REST API key, on every PagerDuty call.</summary>
/// <param name="apiKey">The REST API key.</param>
internal sealed class PagerDutyAuthentication(string apiKey) : DelegatingHandler
{
    private readonly AuthenticationHeaderValue _authorization = new("Token", "token=" + apiKey);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        return base.SendAsync(request, cancellationToken);
    }
}
