using System.Diagnostics;
using System.Globalization;

namespace TeleportPlugins.Host.Http;

/// <summary>
/// The process and .NET runtime families of <c>GET /metrics</c>, under the names Prometheus' own client libraries use
/// (<c>process_*</c>), so existing dashboards and alerts apply.
/// </summary>
internal static class ProcessMetrics
{
    private const string StatusFile = "/proc/self/status";

    /// <summary>Writes the current values.</summary>
    /// <param name="writer">The exposition being written.</param>
    public static void Write(PrometheusTextWriter writer)
    {
        using var process = Process.GetCurrentProcess();
        writer.Metric("process_resident_memory_bytes", PrometheusTextWriter.Gauge, "Resident memory size in bytes.", ResidentMemoryBytes());
        writer.Metric("process_cpu_seconds_total", PrometheusTextWriter.Counter, "Total user and system CPU time spent in seconds.", process.TotalProcessorTime.TotalSeconds);
        writer.Metric("process_start_time_seconds", PrometheusTextWriter.Gauge, "Start time of the process since unix epoch in seconds.", new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);

        writer.Metric("dotnet_gc_heap_size_bytes", PrometheusTextWriter.Gauge, "Managed heap size in bytes as of the last garbage collection.", GC.GetGCMemoryInfo().HeapSizeBytes);
        writer.Metric("dotnet_gc_total_allocated_bytes", PrometheusTextWriter.Counter, "Bytes allocated on the managed heap since the process started.", GC.GetTotalAllocatedBytes());
        writer.Family("dotnet_gc_collections_total", PrometheusTextWriter.Counter, "Garbage collections since the process started, by generation.");
        for (var generation = 0; generation <= 2; generation++)
        {
            writer.Sample("dotnet_gc_collections_total", GC.CollectionCount(generation), ("generation", generation.ToString(CultureInfo.InvariantCulture)));
        }

        writer.Metric("dotnet_total_memory_bytes", PrometheusTextWriter.Gauge, "Bytes thought to be allocated on the managed heap now.", GC.GetTotalMemory(forceFullCollection: false));
    }

    /// <summary>VmRSS from <c>/proc/self/status</c> on Linux (what <c>ps</c> and the kubelet see); the working set elsewhere.</summary>
    private static long ResidentMemoryBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // "VmRSS:	   123456 kB"
                var line = File.ReadLines(StatusFile).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                var fields = line?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields is [_, var amount, "kB"] && long.TryParse(amount, NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
                {
                    return kilobytes * 1024;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A sandbox without /proc: fall back below.
            }
        }

        return Environment.WorkingSet;
    }
}
