using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.Host.Tests.Samples;

/// <summary>
/// samples/TeleportPlugins.Templates: what a user outside the repository does. The template is installed into a
/// private template hive, instantiated, built against the contracts package (packed into a local feed, restored
/// into a private packages folder so that no stale copy is used), dropped into an adapters folder and driven by a real
/// host process through a request of the simulator, posting to a local stand-in for the tool's API.
/// </summary>
public sealed class AdapterTemplateTests
{
    private static readonly string TemplateFolder = Path.Combine(RepositoryPaths.Root, "samples", "TeleportPlugins.Templates");
    private static readonly string ContractsProject = Path.Combine(RepositoryPaths.Root, "contracts", "TeleportPlugins.Contracts", "TeleportPlugins.Contracts.csproj");

    [Test]
    public void Template_Versions_AreTheContractsPackageAndContractVersions()
    {
        var content = Path.Combine(TemplateFolder, "content", "TeleportAdapter");
        using var template = JsonDocument.Parse(File.ReadAllText(Path.Combine(content, ".template.config", "template.json")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(content, "adapter.json")));
        var packageVersion = typeof(IAccessRequestAdapter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

        Assert.That(template.RootElement.GetProperty("symbols").GetProperty("ContractsVersion").GetProperty("defaultValue").GetString(), Is.EqualTo(packageVersion));
        Assert.That(manifest.RootElement.GetProperty("contractVersion").GetString(), Is.EqualTo(ContractVersion.Current.ToString()));
    }

    [Test]
    public async Task Template_InstantiatedBuiltAndInstalled_DeliversARequestFromTheSimulatorToTheTool()
    {
        using var temp = new TempDirectory();
        var hive = temp.Combine("hive");
        var feed = temp.Combine("feed");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        await RunAsync(temp, "dotnet", "pack", ContractsProject, "--no-build", "-c", configuration, "-o", feed, "--nologo");
        await RunAsync(temp, "dotnet", "new", "install", TemplateFolder, "--debug:custom-hive", hive);
        await RunAsync(temp, "dotnet", "new", "teleport-adapter", "-n", "MyTool", "-o", temp.Combine("src", "MyTool"), "--contracts-feed", feed, "--debug:custom-hive", hive);
        // The tests' packages folder is private (a fresh TeleportPlugins.Contracts every run), falling back to the
        // machine's for everything else.
        temp.WriteFile(Path.Combine("src", "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{temp.Combine("packages")}" /></config>
              <fallbackPackageFolders><add key="machine" value="{MachinePackagesFolder()}" /></fallbackPackageFolders>
            </configuration>
            """);
        await RunAsync(temp, "dotnet", "build", temp.Combine("src", "MyTool"), "--nologo", "-v", "quiet", "-p:UseSharedCompilation=false");
        temp.CopyFolder(temp.Combine("src", "MyTool", "bin", "Debug", "adapter"), Path.Combine("adapters", "mytool"));

        using var tool = new ToolStandIn();
        await using var cluster = await SimulatorServer.StartAsync(new SimulatorOptions { StateDirectory = temp.Combine("sim") }, CancellationToken.None);
        var log = temp.Combine("host.log");
        var token = "tool-token-" + Guid.NewGuid().ToString("N");
        var config = temp.WriteFile("teleport-plugins.toml", $"""
            [teleport]
            addr = "127.0.0.1:{cluster.GrpcPort}"
            identity = "{Path.GetFullPath(cluster.IdentityFilePath)}"
            [adapters]
            directory = "adapters"
            enabled = ["mytool"]
            [mytool]
            url = "{tool.BaseAddress}"
            token = "{token}"
            [http]
            listen_addr = "127.0.0.1:0"
            [log]
            output = "{log}"
            """);
        using var host = Process.Start(new ProcessStartInfo("dotnet", [RepositoryPaths.HostAssembly, "start", "-c", config]) { RedirectStandardError = true })!;
        var hostErrors = host.StandardError.ReadToEndAsync();
        try
        {
            await WaitForAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("teleport-plugins started: 1 of 1 enabled adapters serving (mytool)", StringComparison.Ordinal), host);
            var request = cluster.CreateRequest(new NewAccessRequest { User = "alice", Roles = ["dev"], Reason = "deploy" });
            await WaitForAsync(() => tool.Received.Count >= 2, host);
            cluster.Approve(request.Id, "looks fine");
            await WaitForAsync(() => tool.Received.Count >= 3, host);

            var received = tool.Received.ToList();
            Assert.That(received.Select(r => $"{r.Method} {r.Path}"), Is.EqualTo(new[] { "GET /api/health", "POST /api/messages", "POST /api/messages/message-1/replies" }));
            Assert.That(received.Select(r => r.Authorization), Is.All.EqualTo("Bearer " + token));
            Assert.That(received[1].Body, Does.Contain($"\"request_id\":\"{request.Id}\"").And.Contain("\"user\":\"alice\""));
            Assert.That(received[2].Body, Does.Contain("Approved looks fine"));
            Assert.That(cluster.GetPluginData(request.Id).Values.SelectMany(d => d).Where(e => e.Key.Contains("message_id", StringComparison.Ordinal)).Select(e => e.Value), Is.EqualTo(new[] { "message-1" }));
            Assert.That(File.ReadAllText(log), Does.Not.Contain(token));
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
            TestContext.Out.WriteLine(await hostErrors);
        }
    }

    private static string MachinePackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Runs a command with a private CLI home, so the user's templates and first-run state stay untouched.</summary>
    private static async Task RunAsync(TempDirectory temp, string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = temp.Path,
        };
        start.Environment["DOTNET_CLI_HOME"] = temp.Combine("cli-home");
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(process.ExitCode, Is.Zero, $"{fileName} {string.Join(' ', args)} failed:\n{await stdout}\n{await stderr}");
    }

    private static async Task WaitForAsync(Func<bool> condition, Process host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!condition())
        {
            Assert.That(host.HasExited, Is.False, "the host exited");
            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>The tool's API as the template's adapter calls it: records each call; a message gets ID message-N.</summary>
    private sealed class ToolStandIn : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;
        private int _messages;

        public ToolStandIn()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseAddress = new Uri($"http://127.0.0.1:{port}/api/");
            _listener.Prefixes.Add(BaseAddress.ToString());
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public Uri BaseAddress { get; }

        public System.Collections.Concurrent.ConcurrentQueue<(string Method, string Path, string? Authorization, string Body)> Received { get; } = new();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                var path = context.Request.Url!.AbsolutePath;
                Received.Enqueue((context.Request.HttpMethod, path, context.Request.Headers["Authorization"], body));
                var answer = path.EndsWith("/messages", StringComparison.Ordinal) ? $"message-{Interlocked.Increment(ref _messages)}" : "ok";
                var bytes = System.Text.Encoding.UTF8.GetBytes(answer);
                context.Response.StatusCode = 200;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
