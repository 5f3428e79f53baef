using TeleportPlugins.Demo;

// dotnet run --project samples/TeleportPlugins.Demo [-- --exit-when-done]
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

return await DemoRun.RunAsync(exitWhenDone: args.Contains("--exit-when-done"), Console.Out, stop.Token);
