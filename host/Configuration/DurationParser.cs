using System.Globalization;

namespace TeleportPlugins.Host.Configuration;

/// <summary>
/// Parses durations as Teleport's plugins write them (Go syntax: <c>90s</c>, <c>1m30s</c>, <c>1h</c>, <c>250ms</c>)
/// and as .NET writes them (<c>00:01:30</c>).
/// </summary>
internal static class DurationParser
{
    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("ns", 0), ("us", TimeSpan.TicksPerMicrosecond), ("µs", TimeSpan.TicksPerMicrosecond), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        if (span.Contains(':'))
        {
            return TimeSpan.TryParse(span, CultureInfo.InvariantCulture, out value);
        }

        if (span is "0")
        {
            return true;
        }

        var negative = span[0] == '-';
        if (span[0] is '-' or '+')
        {
            span = span[1..];
        }

        long ticks = 0;
        while (!span.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < span.Length && (char.IsAsciiDigit(span[numberLength]) || span[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || !decimal.TryParse(span[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            span = span[numberLength..];
            var matched = false;
            // Longest unit first, so "ms" is not read as "m" followed by garbage.
            foreach (var (unit, unitTicks) in Units.OrderByDescending(u => u.Unit.Length))
            {
                if (span.StartsWith(unit, StringComparison.Ordinal))
                {
                    ticks += unitTicks == 0 ? (long)(number / 100) : (long)(number * unitTicks);
                    span = span[unit.Length..];
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                return false;
            }
        }

        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }
}
