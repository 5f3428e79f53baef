using Microsoft.Extensions.Hosting;

namespace TeleportPlugins.Simulator;

/// <summary>
/// The lifetime of the simulator's two web applications. The default ConsoleLifetime registers SIGINT/SIGTERM/SIGQUIT
/// handlers that cancel the signal and only stop that one application, which nobody waits on; the simulator runs inside
/// another program (Program.cs, a test, the demo), and that program owns the process's signals.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
