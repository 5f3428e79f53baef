using System.Net;

namespace TeleportPlugins.Load.Tests.Support;

/// <summary>Calls a fake directly, to see the exact answer the real API would give.</summary>
internal static class Wire
{
    /// <summary>Sends one call.</summary>
    /// <param name="method">The method.</param>
    /// <param name="uri">The address.</param>
    /// <param name="content">The body, or null.</param>
    /// <param name="headers">Request headers, e.g. Authorization.</param>
    /// <returns>The status, the body and its media type.</returns>
    public static async Task<(HttpStatusCode Status, string Body, string? MediaType)> SendAsync(HttpMethod method, Uri uri, HttpContent? content, params (string Name, string Value)[] headers)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }
}
