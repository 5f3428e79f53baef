using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Simulator;

const string Usage = """
    usage: TeleportPlugins.Simulator --state-dir DIR [options]

      --state-dir DIR        where the cluster CA and identity files are written (required)
      --port N               gRPC (TLS, HTTP/2) port on 127.0.0.1; 0 picks a free one (default 0)
      --control-port N       JSON control API port on 127.0.0.1; 0 picks a free one (default 0)
      --cluster NAME         cluster name (default sim.teleport.local)
      --version SEMVER       Auth Service version Ping reports (default 17.4.0)
      --proxy-addr HOST:PORT proxy public address Ping reports (default localhost:3080)
      --list-unimplemented   answer ListAccessRequests with Unimplemented, like Teleport before v15
      -h, --help             print this help and exit

    Stops on SIGINT (Ctrl+C) or SIGTERM.
    """;

var options = new SimulatorOptions
{
    ConfigureLogging = logging => logging
        .AddSimpleConsole(console => console.SingleLine = true)
        .SetMinimumLevel(LogLevel.Information),
};
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        int Port() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"{args[i]} needs a port number");
        switch (args[i])
        {
            case "--state-dir": options.StateDirectory = Value(); break;
            case "--port": options.GrpcPort = Port(); break;
            case "--control-port": options.ControlPort = Port(); break;
            case "--cluster": options.ClusterName = Value(); break;
            case "--version": options.ServerVersion = Value(); break;
            case "--proxy-addr": options.ProxyPublicAddress = Value(); break;
            case "--list-unimplemented": options.ListAccessRequestsUnimplemented = true; break;
            case "-h" or "--help":
                Console.WriteLine(Usage);
                return 0;
            default: throw new ArgumentException($"unknown argument {args[i]}");
        }
    }

    if (options.StateDirectory.Length == 0)
    {
        throw new ArgumentException("--state-dir is required");
    }
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
// Handled here rather than by the runtime's default (termination without cleanup), so both end in DisposeAsync.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

try
{
    await using var server = await SimulatorServer.StartAsync(options, stop.Token);
    Console.WriteLine($"cluster:       {server.ClusterName}");
    Console.WriteLine($"auth (gRPC):   127.0.0.1:{server.GrpcPort} (TLS server name teleport.cluster.local)");
    Console.WriteLine($"control API:   http://127.0.0.1:{server.ControlPort}/");
    Console.WriteLine($"identity file: {Path.GetFullPath(server.IdentityFilePath)}");
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // A signal: the server (if it got started) has been disposed on the way out.
}

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
