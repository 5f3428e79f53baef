namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>
/// Sends through the host's <see cref="HttpClient"/> like Common's <c>HostHttpHandler</c>, but copies the headers as
/// written. That one copies them through their parsed form, which rewrites PagerDuty's versioned Accept header
/// (<c>…+json;version=2</c> becomes <c>…+json; version=2</c>). Once Common copies <c>Headers.NonValidated</c>,
/// <c>RefitApi.Create</c> serves PagerDuty as well and this goes.
/// </summary>
/// <param name="host">The host's client; not disposed here.</param>
internal sealed class VerbatimHostHandler(HttpClient host) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The adapter's HttpClient already marked the request as sent, so the host's gets a copy sharing the content.
#pragma warning disable CA2000 // the original request owns and disposes the content
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version, VersionPolicy = request.VersionPolicy };
#pragma warning restore CA2000
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        var response = await host.SendAsync(copy, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
