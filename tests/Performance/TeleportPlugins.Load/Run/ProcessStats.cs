using System.Globalization;

namespace TeleportPlugins.Load.Run;

/// <summary>A process's memory and CPU as Linux reports them in /proc.</summary>
/// <param name="ResidentBytes">VmRSS.</param>
/// <param name="PeakResidentBytes">VmHWM, the peak resident set since the process started.</param>
/// <param name="CpuSeconds">User + system CPU time.</param>
public sealed record ProcessStats(long ResidentBytes, long PeakResidentBytes, double CpuSeconds)
{
    // USER_HZ: 100 on every Linux architecture .NET runs on.
    private const double ClockTicksPerSecond = 100;

    /// <summary>Reads /proc/<paramref name="pid"/>/status and /stat.</summary>
    /// <param name="pid">The process.</param>
    /// <returns>Its figures, or null when the process is gone.</returns>
    public static ProcessStats? Read(int pid)
    {
        try
        {
            long rss = 0, hwm = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kilobytes(line);
                }
            }

            // Fields after the command name (which may contain blanks) start at ") "; utime and stime are fields 14 and 15.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessStats(rss, hwm, ticks / ClockTicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
}
