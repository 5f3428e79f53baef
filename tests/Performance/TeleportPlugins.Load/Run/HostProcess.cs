using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TeleportPlugins.Load.Run;

/// <summary>
/// The real host, <c>dotnet teleport-plugins.dll start -c …</c>, as a child process: started and waited for until
/// <c>/readyz</c> answers 200, sampled while it runs (resident set from /proc, managed heap from <c>/metrics</c>),
/// stopped with SIGTERM or killed with SIGKILL.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Process _process;
    private readonly Task _sampler;
    private long _peakHeap;

    private HostProcess(Process process, Uri listener)
    {
        _process = process;
        Listener = listener;
        StartedAt = Stopwatch.GetTimestamp();
        _sampler = SampleAsync(_stop.Token);
    }

    /// <summary>The host's HTTP listener.</summary>
    public Uri Listener { get; }

    /// <summary>When the process was started (a <see cref="Stopwatch"/> timestamp).</summary>
    public long StartedAt { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>The largest managed heap seen in <c>/metrics</c> (bytes), 0 if never read.</summary>
    public long PeakManagedHeap => Interlocked.Read(ref _peakHeap);

    /// <summary>A free port on 127.0.0.1 for the host's listener.</summary>
    /// <returns>The port.</returns>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the host with <paramref name="configPath"/> and waits until it is ready.</summary>
    /// <param name="configPath">The TOML file.</param>
    /// <param name="port">The port of its <c>[http] listen_addr</c>.</param>
    /// <param name="readyWithin">How long start-up may take.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The running host.</returns>
    public static async Task<HostProcess> StartAsync(string configPath, int port, TimeSpan readyWithin, CancellationToken cancellationToken)
    {
        var host = Start(configPath, port);
        await host.WaitReadyAsync(readyWithin, cancellationToken);
        return host;
    }

    /// <summary>Starts the host without waiting for readiness.</summary>
    /// <param name="configPath">The TOML file.</param>
    /// <param name="port">The port of its <c>[http] listen_addr</c>.</param>
    /// <returns>The started host.</returns>
    public static HostProcess Start(string configPath, int port)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "teleport-plugins.dll");
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet", [assembly, "start", "-c", configPath])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
        };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new HostProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
    }

    /// <summary>Waits until <c>/readyz</c> answers 200.</summary>
    /// <param name="within">The limit.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task.</returns>
    public async Task WaitReadyAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the host exited with code {_process.ExitCode} before it was ready; see its log file");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri(Listener, "readyz"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow answer while it starts.
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"the host was not ready within {within.TotalSeconds:0} s");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

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
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM and wait, as Kubernetes stops a pod.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        return _process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        try
        {
            await _sampler;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _process.Dispose();
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
