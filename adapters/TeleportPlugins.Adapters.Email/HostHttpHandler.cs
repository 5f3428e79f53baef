namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// Sends through the host's <see cref="HttpClient"/>. Refit needs a client with a base address, and the Mailgun key
/// belongs in a handler of our own; the host's client has neither and is not ours to change, so the adapter's own
/// client ends in this handler and every call still goes through the host's pipeline (no retries of its own).
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
        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        var response = await host.SendAsync(copy, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
