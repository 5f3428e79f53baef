using System.Globalization;

namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>The host and port to open TCP connections to.</summary>
internal sealed record DialAddress(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c>, <c>1.2.3.4:port</c> or <c>[::1]:port</c>.</summary>
    public static DialAddress Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Uri.TryCreate("tcp://" + address.Trim(), UriKind.Absolute, out var uri)
            && uri.Port is > 0 and <= 65535
            && uri.AbsolutePath == "/"
            && uri.UserInfo.Length == 0
            && uri.Query.Length == 0
                ? new DialAddress(uri.DnsSafeHost, uri.Port)
                : throw new ArgumentException($"addr \"{address}\" is not host:port", nameof(address));
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal)
        ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
