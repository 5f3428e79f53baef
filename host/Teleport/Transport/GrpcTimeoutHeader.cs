namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>The <c>grpc-timeout</c> header: at most eight digits and a unit letter.</summary>
internal static class GrpcTimeoutHeader
{
    private const long MaxValue = 99_999_999;

    private static readonly (char Unit, long TicksPerUnit)[] Units =
    [
        ('u', TimeSpan.TicksPerMicrosecond),
        ('m', TimeSpan.TicksPerMillisecond),
        ('S', TimeSpan.TicksPerSecond),
        ('M', TimeSpan.TicksPerMinute),
        ('H', TimeSpan.TicksPerHour),
    ];

    /// <summary>
    /// The finest unit that fits, rounded up: the server must not give up before the client does, since the client
    /// enforces the exact deadline itself.
    /// </summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(timeout.Ticks, 1);
        foreach (var (unit, ticksPerUnit) in Units)
        {
            var value = (ticks / ticksPerUnit) + (ticks % ticksPerUnit == 0 ? 0 : 1);
            if (value <= MaxValue)
            {
                return FormattableString.Invariant($"{value}{unit}");
            }
        }

        return FormattableString.Invariant($"{MaxValue}H");
    }
}
