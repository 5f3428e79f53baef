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

    /// <summary>A new id in Teleport's shape: <c>BASE36(unix nanoseconds).BASE36(random)@domain</c>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="domain">The right-hand side, e.g. the sender's domain.</param>
    /// <returns>The id, without brackets.</returns>
    public static string Create(DateTimeOffset now, string domain)
    {
        var nanoseconds = (ulong)(now - DateTimeOffset.UnixEpoch).Ticks * 100;
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return $"{Base36(nanoseconds)}.{Base36(BinaryPrimitives.ReadUInt64BigEndian(random))}@{domain}";
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
