using System.Net.Http.Headers;
using TeleportPlugins.Adapters.Common;

namespace TeleportPlugins.Adapters.Email;

/// <summary>HTTP Basic with user <c>api</c> and the API key as password, on every Mailgun call.</summary>
/// <param name="privateKey">The API key.</param>
internal sealed class MailgunAuthentication(string privateKey) : DelegatingHandler
{
    private readonly AuthenticationHeaderValue _authorization = BasicCredentials.Header("api", privateKey);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        return base.SendAsync(request, cancellationToken);
    }
}
