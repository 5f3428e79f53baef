using System.Diagnostics;
using System.Net.Http.Headers;
using TeleportPlugins.Load.Fakes;

namespace TeleportPlugins.Load.Drive;

/// <summary>
/// The ceiling a host run is compared with: the same number of HTTP calls per tool, sent straight from one HttpClient
/// to the same fakes (replaying the calls each fake kept as samples), with the host's own concurrency.
/// </summary>
public static class CeilingRun
{
    /// <summary>Sends <paramref name="callsPerTool"/> calls and times them.</summary>
    /// <param name="tools">The fakes.</param>
    /// <param name="callsPerTool">How many calls each tool got in the host run (same order as <paramref name="tools"/>).</param>
    /// <param name="concurrency">How many calls are in flight at once.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The elapsed time and how many calls were not answered 2xx.</returns>
    public static async Task<(TimeSpan Elapsed, long Failed)> RunAsync(IReadOnlyList<ILoadTool> tools, IReadOnlyList<long> callsPerTool, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(callsPerTool);
        var order = new List<int>();
        for (var tool = 0; tool < tools.Count; tool++)
        {
            if (tools[tool].Server.Samples.Count > 0)
            {
                order.AddRange(Enumerable.Repeat(tool, (int)callsPerTool[tool]));
            }
        }

        var schedule = order.ToArray();
        new Random(17).Shuffle(schedule);
        var samples = tools.Select(t => t.Server.Samples).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        long failed = 0;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(0, schedule.Length, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var tool = schedule[i];
            var sample = samples[tool][i % samples[tool].Count];
            using var request = new HttpRequestMessage(new HttpMethod(sample.Method), new Uri(tools[tool].Server.BaseAddress, sample.PathAndQuery.TrimStart('/')));
            if (sample.Method is not "GET" and not "DELETE" || sample.Body.Length > 0)
            {
                request.Content = new StringContent(sample.Body);
                if (sample.Headers.TryGetValue("Content-Type", out var type))
                {
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
                }
            }

            foreach (var (name, value) in sample.Headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await http.SendAsync(request, token);
            await response.Content.ReadAsByteArrayAsync(token);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failed);
            }
        });
        return (Stopwatch.GetElapsedTime(started), failed);
    }
}
