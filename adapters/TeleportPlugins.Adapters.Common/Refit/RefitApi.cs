using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using Refit;

namespace TeleportPlugins.Adapters.Common.Refit;

/// <summary>
/// Builds a tool's Refit client (the source-generated one) on the host's <see cref="HttpClient"/>: the adapter's own
/// client carries the base address and the credentials handler, and ends in the host's client. Dispose the returned
/// <see cref="RefitApi{T}"/> with the adapter.
/// </summary>
public static class RefitApi
{
    /// <summary>Creates the client, sending <paramref name="authorization"/> as the <c>Authorization</c> header of every call.</summary>
    /// <typeparam name="T">The Refit interface.</typeparam>
    /// <param name="host">The <c>AdapterContext.HttpClient</c> the host gave the adapter.</param>
    /// <param name="baseAddress">The API's base; paths in <typeparamref name="T"/> are relative to it.</param>
    /// <param name="json">The tool's source-generated JSON context.</param>
    /// <param name="authorization">The tool's credentials, e.g. <c>new("Bearer", token)</c>.</param>
    /// <returns>The client and the HttpClient it owns.</returns>
#pragma warning disable CA2000 // owned by the HttpClient, which RefitApi disposes
    public static RefitApi<T> Create<T>(HttpClient host, Uri baseAddress, JsonSerializerContext json, AuthenticationHeaderValue authorization) =>
        Create<T>(host, baseAddress, json, new AuthorizationHandler(authorization));
#pragma warning restore CA2000

    /// <summary>Creates the client.</summary>
    /// <typeparam name="T">The Refit interface.</typeparam>
    /// <param name="host">The <c>AdapterContext.HttpClient</c> the host gave the adapter.</param>
    /// <param name="baseAddress">The API's base; paths in <typeparamref name="T"/> are relative to it.</param>
    /// <param name="json">The tool's source-generated JSON context. Its own <c>Options</c> are used, so its naming policy holds.</param>
    /// <param name="authentication">Sets the credentials on every request; null for none.</param>
    /// <returns>The client and the HttpClient it owns.</returns>
    public static RefitApi<T> Create<T>(HttpClient host, Uri baseAddress, JsonSerializerContext json, DelegatingHandler? authentication = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(json);
#pragma warning disable CA2000 // owned by the HttpClient, which RefitApi disposes
        HttpMessageHandler handler = new HostHttpHandler(host);
        if (authentication is not null)
        {
            authentication.InnerHandler = handler;
            handler = authentication;
        }
#pragma warning restore CA2000

        // Timeouts are the adapter's per call (on its TimeProvider) and the host's; this client must not cut calls short.
        var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        return new RefitApi<T>(RestService.ForGenerated<T>(http, json), http);
    }
}
