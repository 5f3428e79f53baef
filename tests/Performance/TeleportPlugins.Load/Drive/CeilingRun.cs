using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Grpc.Core;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Load.Fakes;
using TeleportPlugins.Simulator.Tests.Support;

namespace TeleportPlugins.Load.Drive;

/// <summary>
/// The ceilings a host run is compared with, both with the host's own concurrency (calls in flight at once). The bare
/// ceiling: the same number of HTTP calls per tool, sent straight from one HttpClient to the same fakes (replaying the
/// calls each fake kept as samples). The honest ceiling: the same tool calls plus, per delivered step, the least that
/// keeping state in Teleport costs — a GetPluginData and a compare-and-swap UpdatePluginData expecting what was just
/// read — sent over gRPC (mTLS, HTTP/2, the plugin's identity) to the same simulator the host used.
/// </summary>
/// <param name="tools">The fakes.</param>
/// <param name="callsPerTool">How many calls each tool got in the host run (same order as <paramref name="tools"/>).</param>
/// <param name="concurrency">How many calls are in flight at once.</param>
public sealed class CeilingRun(IReadOnlyList<ILoadTool> tools, IReadOnlyList<long> callsPerTool, int concurrency)
{
    /// <summary>The key the honest ceiling's compare-and-swaps advance, next to the host's own keys.</summary>
    public const string StepKey = "load_ceiling_step";

    private const string AccessRequestKind = "access_request";

    private long _sent;

    /// <summary>Calls answered so far (tool calls and Auth Service calls), for progress lines.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Sends the tool calls alone and times them.</summary>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>What was sent.</returns>
    public Task<CeilingOutcome> RunBareAsync(CancellationToken cancellationToken) => RunAsync(null, cancellationToken);

    /// <summary>Sends the tool calls and two plugin-data calls per step of <paramref name="pluginData"/>, and times them.</summary>
    /// <param name="pluginData">The steps and where to send their plugin-data calls.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>What was sent.</returns>
    public Task<CeilingOutcome> RunHonestAsync(PluginDataLoad pluginData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pluginData);
        return RunAsync(pluginData, cancellationToken);
    }

    private async Task<CeilingOutcome> RunAsync(PluginDataLoad? pluginData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(callsPerTool);
        // Work items: a tool index (one HTTP call), or -1 - pair for one (request, plugin) pair's steps in order. A
        // pair's steps run one after another, as the host runs a request's steps for one adapter, so each
        // compare-and-swap expects what its own read returned and none is refused by a sibling step.
        var order = new List<int>();
        for (var tool = 0; tool < tools.Count; tool++)
        {
            if (tools[tool].Server.Samples.Count > 0)
            {
                order.AddRange(Enumerable.Repeat(tool, (int)callsPerTool[tool]));
            }
        }

        var pairs = pluginData is null ? 0 : pluginData.RequestIds.Count * pluginData.Plugins.Count;
        if (pairs > 0)
        {
            order.AddRange(Enumerable.Range(0, pairs).Select(pair => -1 - pair));
        }

        var schedule = order.ToArray();
        new Random(17).Shuffle(schedule);
        var samples = tools.Select(t => t.Server.Samples).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        using var auth = pluginData is null ? null : SimulatorClient.Connect(pluginData.Simulator.GrpcPort, pluginData.Simulator.IdentityFilePath);
        long toolCalls = 0, failed = 0, pluginDataCalls = 0, compareFailures = 0;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(0, schedule.Length, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var item = schedule[i];
            if (item < 0)
            {
                var pair = -1 - item;
                var steps = StepsOf(pair, pairs, pluginData!.Steps);
                var (calls, refused) = await StepsAsync(auth!.Auth, pluginData.RequestIds[pair / pluginData.Plugins.Count], pluginData.Plugins[pair % pluginData.Plugins.Count], steps, token);
                Interlocked.Add(ref pluginDataCalls, calls);
                Interlocked.Add(ref compareFailures, refused);
                return;
            }

            var sample = samples[item][i % samples[item].Count];
            using var request = new HttpRequestMessage(new HttpMethod(sample.Method), new Uri(tools[item].Server.BaseAddress, sample.PathAndQuery.TrimStart('/')));
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
            Interlocked.Increment(ref toolCalls);
            Interlocked.Increment(ref _sent);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failed);
            }
        });
        return new CeilingOutcome(Stopwatch.GetElapsedTime(started), toolCalls, failed, pluginDataCalls, compareFailures);
    }

    /// <summary>Steps of pair <paramref name="pair"/> when <paramref name="steps"/> are spread evenly over <paramref name="pairs"/>.</summary>
    private static long StepsOf(int pair, int pairs, long steps) => (steps / pairs) + (pair < steps % pairs ? 1 : 0);

    private async Task<(long Calls, long Refused)> StepsAsync(AuthService.AuthServiceClient auth, string requestId, string plugin, long steps, CancellationToken cancellationToken)
    {
        long calls = 0, refused = 0;
        var filter = new PluginDataFilter { Kind = AccessRequestKind, Resource = requestId, Plugin = plugin };
        for (var step = 0; step < steps; step++)
        {
            var read = await auth.GetPluginDataAsync(filter, cancellationToken: cancellationToken);
            calls++;
            Interlocked.Increment(ref _sent);
            var current = read.PluginData.Count > 0 && read.PluginData[0].Spec.Entries.TryGetValue(plugin, out var entry) ? entry.Data : null;
            var update = new PluginDataUpdateParams { Kind = AccessRequestKind, Resource = requestId, Plugin = plugin };
            if (current is not null)
            {
                update.Expect.Add(current);
            }

            // As the host does: the whole entry as read, and the key being set as absent when it is.
            update.Expect.TryAdd(StepKey, string.Empty);
            update.Set[StepKey] = (step + 1).ToString(CultureInfo.InvariantCulture);
            try
            {
                await auth.UpdatePluginDataAsync(update, cancellationToken: cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                refused++;
            }

            calls++;
            Interlocked.Increment(ref _sent);
        }

        return (calls, refused);
    }
}
