using System.Globalization;

namespace TeleportPlugins.Load.Run;

/// <summary>Reads one gauge from the host's Prometheus <c>/metrics</c> endpoint.</summary>
internal static class HostMetricsScrape
{
    /// <summary>The value of the first sample of <paramref name="family"/>, or null when absent.</summary>
    /// <param name="http">A client.</param>
    /// <param name="metrics">The /metrics address.</param>
    /// <param name="family">The metric name, e.g. <c>dotnet_gc_heap_size_bytes</c>.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The value or null.</returns>
    public static async Task<double?> ReadAsync(HttpClient http, Uri metrics, string family, CancellationToken cancellationToken)
    {
        try
        {
            var text = await http.GetStringAsync(metrics, cancellationToken);
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith(family, StringComparison.Ordinal) && line.Length > family.Length && line[family.Length] is ' ' or '{')
                {
                    var value = line[(line.LastIndexOf(' ') + 1)..];
                    return double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
                }
            }

            return null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
