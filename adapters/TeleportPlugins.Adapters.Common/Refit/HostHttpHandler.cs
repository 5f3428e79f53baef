namespace TeleportPlugins.Adapters.Common.Refit;

/// <summary>
/// Sends through the host's <see cref="HttpClient"/>. Refit needs a client with a base address, and credentials belong
/// in a handler of the adapter's own; the host's client has neither and is shared by the adapter's calls to several
/// bases, so each API client ends in this handler and every call still goes through the host's pipeline (no retries
/// of its own: the host retries whole steps).
/// </summary>
/// <param name="host">The host's client; not disposed here.</param>
internal sealed class HostHttpHandler(HttpClient host) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // An HttpClient refuses a request that another HttpClient (the adapter's) already marked as sent, so the host's
        // gets a copy. The copy shares the content, which the original request owns and disposes.
#pragma warning disable CA2000
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
#pragma warning restore CA2000
        // NonValidated: the validated view re-formats values with parameters (PagerDuty's
        // "application/vnd.pagerduty+json;version=2" would go out as "...+json; version=2").
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        var response = await host.SendAsync(copy, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
