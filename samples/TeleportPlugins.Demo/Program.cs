using System.Runtime.InteropServices;
using TeleportPlugins.Demo;

// dotnet run --project samples/TeleportPlugins.Demo [-- --exit-when-done]
// Ctrl-C (SIGINT) or SIGTERM: the host is stopped gracefully, then the simulated cluster.
using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

return await DemoRun.RunAsync(exitWhenDone: args.Contains("--exit-when-done"), Console.Out, stop.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
