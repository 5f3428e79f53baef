using System.Diagnostics;

namespace TeleportPlugins.Demo;

/// <summary>The real <c>teleport-plugins start</c> as a child process, its log lines shown with a prefix.</summary>
internal sealed class HostProcess : IDisposable
{
    private const string ReadyLine = "Access request watch initialized";
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process) => _process = process;

    public static HostProcess Start(string configPath, TextWriter output)
    {
        var hostAssembly = Path.Combine(AppContext.BaseDirectory, "teleport-plugins.dll");
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet", [hostAssembly, "start", "-c", configPath])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        var host = new HostProcess(process);
        DataReceivedEventHandler show = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            DemoRun.Say(output, "host", e.Data);
            if (e.Data.Contains(ReadyLine, StringComparison.Ordinal))
            {
                host._ready.TrySetResult();
            }
        };
        process.OutputDataReceived += show;
        process.ErrorDataReceived += show;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => host._ready.TrySetException(new TimeoutException($"the host exited with code {process.ExitCode} before it was ready"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public async Task WaitForReadyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await _ready.Task.WaitAsync(limit, cancellationToken);
        }
        catch (TimeoutException) when (!_ready.Task.IsCompleted)
        {
            throw new TimeoutException($"the host did not report '{ReadyLine}' within {limit.TotalSeconds:0} s");
        }
    }

    /// <summary>SIGTERM, as Kubernetes would send, then wait for the graceful shutdown.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        return _process.ExitCode;
    }

    public void Dispose() => _process.Dispose();
}
