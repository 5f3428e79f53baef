using System.Net.Http.Headers;
using TeleportPlugins.Adapters.Common;

namespace TeleportPlugins.Adapters.ServiceNow;

/// <summary>HTTP Basic with the configured user and password on every ServiceNow call.</summary>
/// <param name="options">The adapter's options.</param>
internal sealed class ServiceNowAuthentication(ServiceNowOptions options) : DelegatingHandler
{
    private readonly AuthenticationHeaderValue _authorization = BasicCredentials.Header(options.Username, options.Password);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        return base.SendAsync(request, cancellationToken);
    }
}
