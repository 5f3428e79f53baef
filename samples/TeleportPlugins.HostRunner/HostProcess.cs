using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TeleportPlugins.HostRunner;

/// <summary>
/// The real host, <c>dotnet teleport-plugins.dll start -c …</c>, as a child process: its output captured, waited for
/// until ready (a log line, <c>/readyz</c> or any condition), stopped with SIGTERM as Kubernetes stops a pod, or
/// killed with SIGKILL as when a node dies.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    // Enough of the host's output to explain a failed start without holding a long run's output in memory.
    private const int OutputLinesKept = 1000;
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);
    private readonly Process _process;
    private readonly HostProcessOptions _options;
    private readonly Queue<string> _output = new();
    private readonly Lazy<HttpClient> _http = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(5) });

    private HostProcess(Process process, HostProcessOptions options)
    {
        _process = process;
        _options = options;
    }

    /// <summary>The process id (for /proc figures).</summary>
    public int Id => _process.Id;

    /// <summary>When the process was started, a <see cref="TimeProvider.GetTimestamp"/> of the options' clock.</summary>
    public long StartedAt { get; private set; }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has ended, otherwise null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The last lines the host wrote to stdout and stderr, one per line.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>A port on 127.0.0.1 free right now, for a host's <c>[http] listen_addr</c> whose <c>/readyz</c> is polled.</summary>
    /// <returns>The port.</returns>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the host; does not wait for it to be ready.</summary>
    /// <param name="options">What to run and how.</param>
    /// <returns>The running host.</returns>
    public static HostProcess Start(HostProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var start = new ProcessStartInfo("dotnet", [options.HostAssembly, "start", "-c", options.ConfigPath, .. options.ExtraArguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (options.WorkingDirectory is { } directory)
        {
            start.WorkingDirectory = directory;
        }

        foreach (var (name, value) in options.Environment)
        {
            start.Environment[name] = value;
        }

        var host = new HostProcess(new Process { StartInfo = start }, options);
        host._process.OutputDataReceived += (_, e) => host.Received(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Received(e.Data);
        host._process.Start();
        host.StartedAt = options.TimeProvider.GetTimestamp();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until <paramref name="isReady"/> answers true.</summary>
    /// <param name="isReady">Asked every 50 ms while the host runs.</param>
    /// <param name="within">How long start-up may take.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task completing once ready.</returns>
    /// <exception cref="InvalidOperationException">The host exited first; the message carries its output.</exception>
    /// <exception cref="TimeoutException">Not ready in time; the message carries the host's output.</exception>
    public async Task WaitForReadyAsync(Func<CancellationToken, ValueTask<bool>> isReady, TimeSpan within, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isReady);
        using var deadline = new CancellationTokenSource(within, _options.TimeProvider);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    // Also waits for the end of the redirected output, so the message has the host's last words.
                    await _process.WaitForExitAsync(cancellationToken);
                    throw new InvalidOperationException(
                        string.Create(CultureInfo.InvariantCulture, $"the host exited with code {_process.ExitCode} before it was ready; its output:\n{Output}"));
                }

                if (await isReady(limit.Token))
                {
                    return;
                }

                await Task.Delay(PollEvery, _options.TimeProvider, limit.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                string.Create(CultureInfo.InvariantCulture, $"the host was not ready within {within.TotalSeconds:0} s; its output:\n{Output}"));
        }
    }

    /// <summary>Waits until the host writes a line containing <paramref name="text"/> to stdout or stderr.</summary>
    /// <param name="text">E.g. <c>Access request watch initialized</c> (with <c>[log] output = "stdout"</c>).</param>
    /// <param name="within">How long start-up may take.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task completing once the line was written.</returns>
    public Task WaitForOutputAsync(string text, TimeSpan within, CancellationToken cancellationToken) =>
        WaitForReadyAsync(_ => ValueTask.FromResult(Output.Contains(text, StringComparison.Ordinal)), within, cancellationToken);

    /// <summary>Waits until the host's <c>/readyz</c> answers 200.</summary>
    /// <param name="listener">The host's HTTP listener, e.g. <c>http://127.0.0.1:8080/</c>.</param>
    /// <param name="within">How long start-up may take.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task completing once ready.</returns>
    public Task WaitForReadyzAsync(Uri listener, TimeSpan within, CancellationToken cancellationToken)
    {
        var readyz = new Uri(listener, "readyz");
        return WaitForReadyAsync(
            async token =>
            {
                try
                {
                    using var response = await _http.Value.GetAsync(readyz, token);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
                catch (TaskCanceledException) when (!token.IsCancellationRequested)
                {
                    return false; // a slow answer while it starts
                }
            },
            within,
            cancellationToken);
    }

    /// <summary>
    /// SIGTERM, then waits for the graceful shutdown; a host still running after
    /// <see cref="HostProcessOptions.StopTimeout"/> is killed and reported.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the host keeps shutting down).</param>
    /// <returns>The exit code.</returns>
    /// <exception cref="TimeoutException">The host ignored SIGTERM for the whole stop timeout; it has been killed.</exception>
    public async Task<int> StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            // Process.Kill only sends SIGKILL; the shell's kill is the portable way to send SIGTERM.
            // Its stderr is kept off the console: "no such process" only means the host ended on its own meanwhile.
            var sigterm = new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardError = true };
            using (var term = Process.Start(sigterm)!)
            {
                await term.WaitForExitAsync(cancellationToken);
            }

            using var deadline = new CancellationTokenSource(_options.StopTimeout, _options.TimeProvider);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                await KillAsync();
                throw new TimeoutException(
                    string.Create(CultureInfo.InvariantCulture, $"the host did not stop within {_options.StopTimeout.TotalSeconds:0} s of SIGTERM and was killed"));
            }
        }

        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown, no flush, as when a node dies or the OOM killer strikes.</summary>
    /// <returns>A task completing once the process is gone.</returns>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Kills the host if it still runs, then releases the process.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > OutputLinesKept)
            {
                _output.Dequeue();
            }
        }

        _options.OnOutput?.Invoke(line);
    }
}
