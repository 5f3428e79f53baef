using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// RFC 5322 Message-IDs. Stored without angle brackets (as Teleport's SMTP path stores them) and wrapped exactly once
/// when a header is written, so ids Mailgun returned already wrapped are not wrapped twice.
/// </summary>
internal static class MessageIds
{
    private const string Base36Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>
    /// The id of one e-mail, the same on every attempt: Teleport's shape <c>BASE36.BASE36@domain</c>, the two parts
    /// taken from a SHA-256 of the request, the recipient and the item instead of the time and a random number. A step
    /// repeated after a crash therefore sends (or finds in Mailgun) the very id the lost attempt used.
    /// </summary>
    /// <param name="requestId">The request ID.</param>
    /// <param name="recipient">The recipient's address (case does not matter).</param>
    /// <param name="item">Which e-mail of the request: <c>created</c>, <c>review:N</c>, <c>resolved</c>, <c>expired</c>, <c>requester</c>.</param>
    /// <param name="domain">The right-hand side, the sender's domain.</param>
    /// <returns>The id, without brackets.</returns>
    public static string For(string requestId, string recipient, string item, string domain)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{requestId}\n{recipient.ToLowerInvariant()}\n{item}\n{domain.ToLowerInvariant()}"), hash);
        return $"{Base36(BinaryPrimitives.ReadUInt64BigEndian(hash))}.{Base36(BinaryPrimitives.ReadUInt64BigEndian(hash[8..]))}@{domain}";
    }

    /// <summary>The id without surrounding angle brackets or blanks.</summary>
    /// <param name="id">An id, wrapped or not.</param>
    /// <returns>The bare id.</returns>
    public static string Normalize(string id)
    {
        var bare = id.Trim();
        if (bare.StartsWith('<') && bare.EndsWith('>'))
        {
            bare = bare[1..^1].Trim();
        }

        return bare;
    }

    /// <summary>The header form: the bare id in angle brackets.</summary>
    /// <param name="id">The id, wrapped or not.</param>
    /// <returns><c>&lt;id&gt;</c>.</returns>
    public static string ToHeader(string id) => $"<{Normalize(id)}>";

    private static string Base36(ulong value)
    {
        var builder = new StringBuilder();
        do
        {
            builder.Insert(0, Base36Digits[(int)(value % 36)]);
            value /= 36;
        }
        while (value > 0);
        return builder.ToString();
    }
}
