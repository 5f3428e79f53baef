using System.Globalization;
using System.Text;

namespace TeleportPlugins.Simulator.Grpc;

/// <summary>The two gRPC header values the simulator handles: grpc-message (percent-encoded) and grpc-timeout.</summary>
internal static class GrpcHeaders
{
    /// <summary>Percent-encodes per the gRPC HTTP/2 spec: printable ASCII except '%' stays, everything else is UTF-8 %XX.</summary>
    public static string EncodeMessage(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>Parses "1S", "500m", ... into a duration; null when absent or malformed (the call then has no deadline).</summary>
    public static TimeSpan? ParseTimeout(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 9
            || !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }

        return value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromMicroseconds(amount),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => null,
        };
    }
}
