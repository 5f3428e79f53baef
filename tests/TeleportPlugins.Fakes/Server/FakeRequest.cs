using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace TeleportPlugins.Fakes;

/// <summary>One call to a fake, as its handler sees it.</summary>
/// <param name="Method">GET, POST, ...</param>
/// <param name="Path">The path, e.g. <c>/api/chat.postMessage</c> (decoded, without the query).</param>
/// <param name="Query">The query string with its leading '?', or empty.</param>
/// <param name="Headers">The request headers (valid only while the handler runs; <see cref="FakeApiServer.Requests"/> keeps a copy).</param>
/// <param name="Body">The body as UTF-8 text.</param>
public sealed record FakeRequest(string Method, string Path, string Query, IHeaderDictionary Headers, string Body)
{
    /// <summary>A header's value, or null (name in any case).</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value or null.</returns>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>A query parameter's decoded value, or null.</summary>
    /// <param name="name">The parameter.</param>
    /// <returns>The value or null.</returns>
    public string? QueryValue(string name) => QueryHelpers.ParseQuery(Query).TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>A copy that outlives the call, for <see cref="FakeApiServer.Requests"/>.</summary>
    /// <returns>The recorded request.</returns>
    internal RecordedRequest Record() => new(
        Method,
        Path,
        Query,
        Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
        Body);
}
