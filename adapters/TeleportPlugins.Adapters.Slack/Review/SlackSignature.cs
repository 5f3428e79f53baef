using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Slack's request signing: <c>X-Slack-Signature</c> is <c>v0=</c> and the hex HMAC-SHA256, keyed with the app's signing
/// secret, of <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>. Compared in constant time over the exact bytes received.
/// </summary>
internal static class SlackSignature
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    private const string Version = "v0";

    /// <summary>Whether <paramref name="signature"/> signs <paramref name="timestamp"/> and <paramref name="body"/>.</summary>
    public static bool IsValid(string secret, string? timestamp, ReadOnlySpan<byte> body, string? signature)
    {
        if (timestamp is null || signature is null || !signature.StartsWith(Version + "=", StringComparison.Ordinal))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.AsSpan(Version.Length + 1));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Compute(secret, timestamp, body), given);
    }

    /// <summary>The HMAC of a request, without the <c>v0=</c> prefix.</summary>
    public static byte[] Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{Version}:{timestamp}:");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }

    /// <summary>The time a timestamp header names (Unix seconds), or null when it is not one.</summary>
    public static DateTimeOffset? TimeOf(string timestamp) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
