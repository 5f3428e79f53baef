using System.Globalization;
using TeleportPlugins.HostRunner;

namespace TeleportPlugins.Load.Run;

/// <summary>
/// The real host as a child process (<see cref="HostProcess"/>) on a known port, ready once <c>/readyz</c> answers 200,
/// sampled while it runs: resident set and CPU from /proc, the managed heap's peak from <c>/metrics</c>.
/// </summary>
public sealed class MeasuredHost : IAsyncDisposable
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly CancellationTokenSource _stop = new();
    private readonly HostProcess _process;
    private readonly Task _sampler;
    private long _peakHeap;

    private MeasuredHost(HostProcess process, Uri listener)
    {
        _process = process;
        Listener = listener;
        _sampler = SampleAsync(_stop.Token);
    }

    /// <summary>The host's HTTP listener.</summary>
    public Uri Listener { get; }

    /// <summary>When the process was started (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long StartedAt => _process.StartedAt;

    /// <summary>The largest managed heap seen in <c>/metrics</c> (bytes), 0 if never read.</summary>
    public long PeakManagedHeap => Interlocked.Read(ref _peakHeap);

    /// <summary>Starts the host with <paramref name="configPath"/> and waits until it is ready.</summary>
    /// <param name="configPath">The TOML file.</param>
    /// <param name="port">The port of its <c>[http] listen_addr</c>.</param>
    /// <param name="readyWithin">How long start-up may take.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The running host.</returns>
    public static async Task<MeasuredHost> StartAsync(string configPath, int port, TimeSpan readyWithin, CancellationToken cancellationToken)
    {
        var host = Start(configPath, port);
        try
        {
            await host.WaitReadyAsync(readyWithin, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the host without waiting for readiness.</summary>
    /// <param name="configPath">The TOML file.</param>
    /// <param name="port">The port of its <c>[http] listen_addr</c>.</param>
    /// <returns>The started host.</returns>
    public static MeasuredHost Start(string configPath, int port) => new(
        HostProcess.Start(new HostProcessOptions { ConfigPath = configPath }),
        new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));

    /// <summary>Waits until <c>/readyz</c> answers 200.</summary>
    /// <param name="within">The limit.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task.</returns>
    public Task WaitReadyAsync(TimeSpan within, CancellationToken cancellationToken) =>
        _process.WaitForReadyzAsync(Listener, within, cancellationToken);

    /// <summary>Its memory and CPU now.</summary>
    /// <returns>The figures (zeros once it exited).</returns>
    public ProcessStats Stats() => ProcessStats.Read(_process.Id) ?? new ProcessStats(0, 0, 0);

    /// <summary>Reads the managed heap from <c>/metrics</c> now.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>Bytes, or 0 when /metrics does not answer.</returns>
    public async Task<long> ManagedHeapAsync(CancellationToken cancellationToken) =>
        (long)(await HostMetricsScrape.ReadAsync(_http, new Uri(Listener, "metrics"), "dotnet_total_memory_bytes", cancellationToken) ?? 0);

    /// <summary>SIGKILL: no shutdown, no flush, as when a node dies or the OOM killer strikes.</summary>
    /// <returns>A task completing once the process is gone.</returns>
    public async Task KillAsync()
    {
        await _stop.CancelAsync();
        await _process.KillAsync();
    }

    /// <summary>SIGTERM and wait, as Kubernetes stops a pod.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _process.StopAsync(CancellationToken.None);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sampler;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        await _process.DisposeAsync();
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SampleEvery);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var heap = await ManagedHeapAsync(cancellationToken);
            if (heap > Interlocked.Read(ref _peakHeap))
            {
                Interlocked.Exchange(ref _peakHeap, heap);
            }
        }
    }
}
