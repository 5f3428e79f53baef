using Microsoft.AspNetCore.WebUtilities;

namespace TeleportPlugins.Fakes;

/// <summary>One request a fake received, exactly as sent, kept after the call.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, without the query.</param>
/// <param name="Query">The query string including '?', or empty.</param>
/// <param name="Headers">The headers (names lower-case).</param>
/// <param name="Body">The body as UTF-8 text.</param>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>A header's value, or null (name in any case).</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value or null.</returns>
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());

    /// <summary>A query parameter's decoded value, or null.</summary>
    /// <param name="name">The parameter.</param>
    /// <returns>The value or null.</returns>
    public string? QueryValue(string name) => QueryHelpers.ParseQuery(Query).TryGetValue(name, out var value) ? value.ToString() : null;
}
