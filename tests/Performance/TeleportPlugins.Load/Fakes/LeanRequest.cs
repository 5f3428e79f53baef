using Microsoft.AspNetCore.Http;

namespace TeleportPlugins.Load.Fakes;

/// <summary>One call to a fake, as its handler sees it.</summary>
/// <param name="Method">GET, POST, ...</param>
/// <param name="Path">The path, e.g. <c>/api/chat.postMessage</c>.</param>
/// <param name="Query">The query string with its leading '?', or empty.</param>
/// <param name="Headers">The request headers (valid only while the handler runs).</param>
/// <param name="Body">The body as text.</param>
public sealed record LeanRequest(string Method, string Path, string Query, IHeaderDictionary Headers, string Body)
{
    /// <summary>A header's value, or null.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value or null.</returns>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>A query parameter's decoded value, or null.</summary>
    /// <param name="name">The parameter.</param>
    /// <returns>The value or null.</returns>
    public string? QueryValue(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).TryGetValue(name, out var value) ? value.ToString() : null;
}
