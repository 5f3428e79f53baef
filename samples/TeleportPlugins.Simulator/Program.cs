using System.Globalization;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Simulator;

// dotnet run --project samples/TeleportPlugins.Simulator -- --state-dir DIR [--port N] [--control-port N]
//   [--cluster NAME] [--version SEMVER] [--proxy-addr HOST:PORT] [--list-unimplemented]
var options = new SimulatorOptions
{
    ConfigureLogging = logging => logging
        .AddSimpleConsole(console => console.SingleLine = true)
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning),
};
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
        default:
            await Console.Error.WriteLineAsync($"unknown argument {args[i]}");
            return 2;
    }
}

if (options.StateDirectory.Length == 0)
{
    await Console.Error.WriteLineAsync("usage: TeleportPlugins.Simulator --state-dir DIR [--port N] [--control-port N] [--cluster NAME] [--version SEMVER] [--proxy-addr HOST:PORT] [--list-unimplemented]");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await using var server = await SimulatorServer.StartAsync(options, stop.Token);
Console.WriteLine($"cluster:       {server.ClusterName}");
Console.WriteLine($"auth (gRPC):   127.0.0.1:{server.GrpcPort} (TLS server name teleport.cluster.local)");
Console.WriteLine($"control API:   http://127.0.0.1:{server.ControlPort}/");
Console.WriteLine($"identity file: {Path.GetFullPath(server.IdentityFilePath)}");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C: fall through to dispose.
}

return 0;
