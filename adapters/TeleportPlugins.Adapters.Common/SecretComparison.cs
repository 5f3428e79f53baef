using System.Security.Cryptography;
using System.Text;

namespace TeleportPlugins.Adapters.Common;

/// <summary>
/// Compares webhook tokens and signatures without leaking, through timing, how many leading characters matched.
/// </summary>
public static class SecretComparison
{
    /// <summary>Whether <paramref name="actual"/> equals <paramref name="expected"/>, compared in constant time.</summary>
    /// <param name="expected">The configured secret.</param>
    /// <param name="actual">What the caller sent, or null when absent.</param>
    /// <returns>True only when both are present and equal.</returns>
    public static bool AreEqual(string expected, string? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return actual is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
    }

    /// <summary>
    /// Whether <paramref name="signatureHeader"/> is <c>sha256=&lt;hex&gt;</c> with the HMAC-SHA256 of
    /// <paramref name="body"/> under <paramref name="secret"/> (the WebSub scheme Jira and GitHub use).
    /// </summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <param name="signatureHeader">The header value, or null when absent.</param>
    /// <returns>True only when the signature verifies.</returns>
    public static bool IsValidSha256Signature(string secret, ReadOnlySpan<byte> body, string? signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(secret);
        const string Prefix = "sha256=";
        if (signatureHeader is null || !signatureHeader.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signatureHeader.AsSpan(Prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
