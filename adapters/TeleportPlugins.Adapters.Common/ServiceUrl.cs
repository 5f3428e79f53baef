namespace TeleportPlugins.Adapters.Common;

/// <summary>Rules for a tool's base URL in an adapter's options.</summary>
public static class ServiceUrl
{
    /// <summary>The validation message when <see cref="IsSecure"/> fails.</summary>
    public const string InsecureMessage = "must be an absolute https:// URL (http:// only for localhost)";

    /// <summary>
    /// Whether the URL is absolute and https, or http to a loopback address (tests, local fakes): credentials
    /// must never travel in clear text to another machine.
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <returns>Whether it is acceptable.</returns>
    public static bool IsSecure(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
    }
}
