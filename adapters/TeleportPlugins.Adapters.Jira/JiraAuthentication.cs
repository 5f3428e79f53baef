using System.Net.Http.Headers;
using TeleportPlugins.Adapters.Common;

namespace TeleportPlugins.Adapters.Jira;

/// <summary>The configured credentials on every Jira call: Basic (account and API token) or Bearer (Data Center personal access token).</summary>
/// <param name="options">The adapter's options.</param>
internal sealed class JiraAuthentication(JiraOptions options) : DelegatingHandler
{
    private readonly AuthenticationHeaderValue _authorization = options.Auth == JiraAuthMethod.Bearer
        ? new AuthenticationHeaderValue("Bearer", options.ApiToken)
        : BasicCredentials.Header(options.Username, options.ApiToken);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        return base.SendAsync(request, cancellationToken);
    }
}
