using System.Diagnostics;
using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Configuration.Toml;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.Host.Tests.Cli;

public sealed class CommandLineTests
{
    [Test]
    public async Task Check_ValidConfiguration_ExitsZeroAndNamesTheAdapters()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var config = harness.WriteConfig($"enabled = [\"fixture-a\"]\n[fixture-a]\noutput = \"{temp.Combine("a.txt")}\"");

        var (code, output, error) = await RunAsync("check", "-c", config);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("configuration OK; 1 adapter(s) enabled: fixture-a"));
    }

    [Test]
    public async Task Check_Problems_ExitsNonZeroListingEveryOne()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var throwing = harness.Install("Fixture.ThrowingFactory", "fixture-throwing");
        var config = harness.WriteConfig("enabled = [\"fixture-a\", \"fixture-throwing\", \"nope\"]\n[fixture-a]\nfail_create = 3\n[fixture-throwing]\n");

        var (code, _, error) = await RunAsync("check", "-c", config);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain($"{config}:11:1: fixture-a.fail_create: expected true or false, got '3'"));
        Assert.That(error, Does.Contain("adapters.enabled[2]: unknown adapter 'nope'"));
        Assert.That(error, Does.Contain($"adapter folder {throwing}: the constructor of Fixture.ThrowingFactory.ThrowingFactory threw InvalidOperationException"));
        Assert.That(error, Does.Contain($"3 problem(s) found in {config}"));
    }

    [Test]
    public async Task AdaptersList_WithConfiguration_ShowsVersionsEnabledAndStatus()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        harness.Install("Fixture.AdapterB", "fixture-b");
        harness.Install("Fixture.ThrowingFactory", "fixture-throwing");
        var config = harness.WriteConfig("enabled = [\"fixture-b\"]\n[fixture-b]\noutput = \"b\"\n");

        var (code, output, _) = await RunAsync("adapters", "list", "-c", config);

        Assert.That(code, Is.Zero);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).ToArray()).ToList();
        Assert.That(rows[1], Is.EqualTo(new[] { "NAME", "VERSION", "CONTRACT", "ENABLED", "STATUS" }));
        Assert.That(rows[2], Is.EqualTo(new[] { "fixture-a", "1.0.1", "1.0", "no", "loaded" }));
        Assert.That(rows[3], Is.EqualTo(new[] { "fixture-b", "1.0.2", "1.0", "yes", "loaded" }));
        Assert.That(rows[4][0..4], Is.EqualTo(new[] { "fixture-throwing", "1.0.0", "1.0", "no" }));
        Assert.That(rows[4][4], Does.StartWith("failed: the constructor of"));
    }

    [Test]
    public async Task AdaptersList_ConfigurationWithSyntaxError_ListsTheErrorInsteadOfAdapters()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var config = harness.WriteConfig("enabled = [\"fixture-a\"\n[fixture-a]\n");

        var (code, output, error) = await RunAsync("adapters", "list", "-c", config);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith($"{config}:10:1: adapters.enabled: "));
    }

    [Test]
    public async Task Configure_PrintsValidTomlCoveringEveryInstalledAdapter()
    {
        var adapters = Path.Combine(RepositoryPaths.Artifacts, "adapters");

        var (code, output, _) = await RunAsync("configure", "--directory", adapters);

        Assert.That(code, Is.Zero);
        var document = TomlReader.Parse(output, "configure output");
        Assert.That(document.Diagnostics, Is.Empty);
        var sections = TomlSyntaxFlattener.Flatten(document.Document!).Where(entry => entry.Path.Count == 1).Select(entry => entry.Path[0].Key).ToList();
        var installed = Directory.EnumerateDirectories(adapters).Select(Path.GetFileName).ToList();
        Assert.That(installed, Does.Contain("jsonl"));
        foreach (var name in installed.Prepend("teleport").Append("adapters").Append("log").Append("role_to_recipients"))
        {
            Assert.That(sections, Does.Contain(name), $"section [{name}]");
        }

        Assert.That(output, Does.Contain($"enabled = [{string.Join(", ", installed.Order(StringComparer.Ordinal).Select(n => $"\"{n}\""))}]"));
    }

    [Test]
    public async Task Version_NamesTheContractVersion()
    {
        var (code, output, _) = await RunAsync("version");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith("teleport-plugins 0.1.0 (contract 1.4, .NET 10"));
    }

    [Test]
    public async Task Start_MissingConfigOption_UsageError()
    {
        var (code, _, error) = await RunAsync("start");

        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain("--config"));
    }

    [Test]
    public async Task Start_BadConfiguration_RefusesToStartListingProblems()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var config = harness.WriteConfig("enabled = [\"ghost\"]\n");

        var (code, _, error) = await RunAsync("start", "-c", config);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("unknown adapter 'ghost'").And.Contain("1 configuration problem(s); not starting."));
    }

    [Test]
    public async Task Start_SigTerm_ConnectsThenStopsGracefully()
    {
        using var temp = new TempDirectory();
        await using var cluster = await SimulatorServer.StartAsync(new SimulatorOptions { StateDirectory = temp.Combine("sim") }, CancellationToken.None);
        var harness = new AdapterHarness(temp);
        temp.CopyFolder(Path.Combine(RepositoryPaths.Artifacts, "adapters", "jsonl"), Path.Combine("adapters", "jsonl"));
        var log = temp.Combine("host.log");
        var config = temp.WriteFile("teleport-plugins.toml", $"""
            [teleport]
            addr = "127.0.0.1:{cluster.GrpcPort}"
            identity = "{Path.GetFullPath(cluster.IdentityFilePath)}"
            [adapters]
            directory = "adapters"
            enabled = ["jsonl"]
            [jsonl]
            path = "{temp.Combine("journal.jsonl")}"
            [http]
            listen_addr = "127.0.0.1:0"
            [log]
            output = "{log}"
            severity = "info"
            """);
        using var process = StartHost(config);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await WaitForAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("teleport-plugins started", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
            Assert.That(File.ReadAllText(log), Does.Contain($"Connected to Teleport cluster {cluster.ClusterName} (Auth Service 17.4.0)"));
            Assert.That(File.ReadAllText(log), Does.Contain("Acting as Teleport user teleport-plugins in cluster"));
            Assert.That(File.ReadAllText(log), Does.Contain("teleport-plugins started: 1 of 1 enabled adapters serving (jsonl)"));

            Assert.That(await TerminateAsync(process), Is.Zero, await stderr);
            Assert.That(File.ReadAllText(log), Does.Contain("teleport-plugins stopped"));
        }
        finally
        {
            KillIfRunning(process);
        }
    }

    [Test]
    public async Task Start_ClusterOlderThanMinimum_ExitsWithOneClearError()
    {
        using var temp = new TempDirectory();
        await using var cluster = await SimulatorServer.StartAsync(new SimulatorOptions { StateDirectory = temp.Combine("sim"), ServerVersion = "13.2.0" }, CancellationToken.None);
        var config = StartConfig(temp, $"127.0.0.1:{cluster.GrpcPort}", Path.GetFullPath(cluster.IdentityFilePath));

        var (code, _, error) = await RunAsync("start", "-c", config);

        Assert.That(code, Is.EqualTo(3));
        Assert.That(error.Trim(), Is.EqualTo($"cannot start: Teleport at 127.0.0.1:{cluster.GrpcPort}: the Auth Service runs Teleport 13.2.0; teleport-plugins needs 14.0.0 or newer"));
    }

    [Test]
    public async Task Start_NobodyListeningWithFailFast_ExitsThreeWithOneClearError()
    {
        using var temp = new TempDirectory();
        var (config, port) = await StoppedClusterConfigAsync(temp, "fail_fast = true");

        var (code, _, error) = await RunAsync("start", "-c", config);

        Assert.That(code, Is.EqualTo(3));
        Assert.That(error, Does.StartWith($"cannot start: Teleport at 127.0.0.1:{port} (Direct): Unavailable:"));
        Assert.That(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Start_MissingIdentityFile_ExitsNamingTheFile()
    {
        using var temp = new TempDirectory();
        var identity = temp.Combine("nope", "identity");
        var config = StartConfig(temp, "127.0.0.1:3025", identity);

        var (code, _, error) = await RunAsync("start", "-c", config);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.StartWith($"{config}:3:1: teleport.identity: identity file {identity}: file not found").And.Contain("not starting."));
    }

    [Test]
    public async Task Start_NobodyListening_RetriesWithOneWarningPerAttemptUntilTeleportAnswers()
    {
        using var temp = new TempDirectory();
        var simulator = new SimulatorOptions { StateDirectory = temp.Combine("sim") };
        string identity;
        await using (var first = await SimulatorServer.StartAsync(simulator, CancellationToken.None))
        {
            identity = Path.GetFullPath(first.IdentityFilePath);
            simulator.GrpcPort = first.GrpcPort;
        }

        var listen = FreePort();
        var log = temp.Combine("host.log");
        // The simulator makes a new CA at each start and writes a new identity file in place: refresh_identity picks it up.
        var config = StartConfig(
            temp,
            $"127.0.0.1:{simulator.GrpcPort}",
            identity,
            "refresh_identity = true\nrefresh_identity_interval = \"1s\"",
            $"listen_addr = \"127.0.0.1:{listen}\"");
        using var process = StartHost(config);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await WaitForAsync(() => LogText(log).Contains("(attempt 2)", StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => LogText(log));
            using (var http = new HttpClient())
            {
                using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{listen}/readyz"));
                Assert.That((int)ready.StatusCode, Is.EqualTo(503));
            }

            var warnings = LogText(log).Split('\n').Where(l => l.Contains("is not reachable yet", StringComparison.Ordinal)).ToList();
            Assert.That(warnings[0], Does.Contain($"Teleport at 127.0.0.1:{simulator.GrpcPort} (Direct) is not reachable yet (attempt 1)"));
            Assert.That(LogText(log), Does.Not.Contain("   at "), "no stack trace below debug");

            await using var late = await SimulatorServer.StartAsync(simulator, CancellationToken.None);
            await WaitForAsync(() => LogText(log).Contains("teleport-plugins started", StringComparison.Ordinal), TimeSpan.FromSeconds(90), () => LogText(log));
            Assert.That(LogText(log), Does.Contain($"Connected to Teleport cluster {late.ClusterName}"));

            Assert.That(await TerminateAsync(process), Is.Zero, await stderr);
        }
        finally
        {
            KillIfRunning(process);
        }
    }

    [Test]
    public async Task Start_StoppedWhileWaitingForTeleport_ExitsZero()
    {
        using var temp = new TempDirectory();
        var (config, port) = await StoppedClusterConfigAsync(temp);
        var log = temp.Combine("host.log");
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var run = CommandLine.RunAsync(["start", "-c", config], output, error, stop.Token);
        await WaitForAsync(() => LogText(log).Contains("(attempt 1)", StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => LogText(log));
        await stop.CancelAsync();

        Assert.That(await run, Is.Zero, error.ToString());
    }

    [Test]
    public async Task Start_IdentityOfAnotherCluster_ExitsTwoAsAConfigurationProblem()
    {
        using var temp = new TempDirectory();
        await using var cluster = await SimulatorServer.StartAsync(new SimulatorOptions { StateDirectory = temp.Combine("sim") }, CancellationToken.None);
        var config = StartConfig(temp, $"127.0.0.1:{cluster.GrpcPort}", OtherClusterIdentity(temp));

        var (code, _, error) = await RunAsync("start", "-c", config);

        Assert.That(code, Is.EqualTo(2), error);
        Assert.That(error, Does.StartWith($"{config}: teleport.identity: ").And.Contain("not starting."));
    }

    [Test]
    public async Task CheckConnect_IdentityOfAnotherCluster_AProblemOnTheIdentityLine_ExitsOne()
    {
        using var temp = new TempDirectory();
        await using var cluster = await SimulatorServer.StartAsync(new SimulatorOptions { StateDirectory = temp.Combine("sim") }, CancellationToken.None);
        var config = StartConfig(temp, $"127.0.0.1:{cluster.GrpcPort}", OtherClusterIdentity(temp));

        var (offline, _, _) = await RunAsync("check", "-c", config);
        var (code, output, error) = await RunAsync("check", "-c", config, "--connect");

        Assert.Multiple(() =>
        {
            Assert.That(offline, Is.Zero, "offline, the identity is a valid one: only the cluster can tell it is not its own");
            Assert.That(code, Is.EqualTo(1), output + error);
            Assert.That(error, Does.StartWith($"{config}:3:1: teleport.identity: Teleport at 127.0.0.1:{cluster.GrpcPort} refused this identity (is it another cluster's?): "));
            Assert.That(error, Does.EndWith($"1 problem(s) found in {config}\n"));
        });
    }

    [Test]
    public async Task CheckConnect_NobodyListening_AProblemOnTheAddressLine_ExitsOne()
    {
        using var temp = new TempDirectory();
        var (config, port) = await StoppedClusterConfigAsync(temp);

        var (code, _, error) = await RunAsync("check", "-c", config, "--connect");

        Assert.That(code, Is.EqualTo(1), error);
        Assert.That(error, Does.StartWith($"{config}:2:1: teleport.addr: Teleport at 127.0.0.1:{port} (Direct) is not reachable: "));
    }

    [Test]
    public async Task CheckConnect_ClusterAcceptsTheIdentity_NamesTheClusterAndVersion_ExitsZero()
    {
        using var temp = new TempDirectory();
        await using var cluster = await SimulatorServer.StartAsync(new SimulatorOptions { StateDirectory = temp.Combine("sim"), ClusterName = "prod.example.com" }, CancellationToken.None);
        var config = StartConfig(temp, $"127.0.0.1:{cluster.GrpcPort}", Path.GetFullPath(cluster.IdentityFilePath));

        var (code, output, error) = await RunAsync("check", "-c", config, "--connect");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.StartWith($"127.0.0.1:{cluster.GrpcPort}: cluster prod.example.com, Teleport 17.4.0; the identity was accepted\n"));
    }

    /// <summary>A configuration for start with no adapters, logging to a file so the error stream holds only errors.</summary>
    private static string StartConfig(TempDirectory temp, string address, string identity, string extraTeleport = "", string extraHttp = "listen_addr = \"127.0.0.1:0\"")
    {
        Directory.CreateDirectory(temp.Combine("adapters"));
        return temp.WriteFile("c.toml", $"""
            [teleport]
            addr = "{address}"
            identity = "{identity}"
            {extraTeleport}
            [adapters]
            directory = "{temp.Combine("adapters")}"
            [http]
            {extraHttp}
            [log]
            output = "{temp.Combine("host.log")}"
            """);
    }

    /// <summary>A configuration naming a cluster's identity and port after that cluster stopped: nobody listens.</summary>
    private static async Task<(string Config, int Port)> StoppedClusterConfigAsync(TempDirectory temp, string extraTeleport = "")
    {
        await using var cluster = await SimulatorServer.StartAsync(new SimulatorOptions { StateDirectory = temp.Combine("sim") }, CancellationToken.None);
        return (StartConfig(temp, $"127.0.0.1:{cluster.GrpcPort}", Path.GetFullPath(cluster.IdentityFilePath), extraTeleport), cluster.GrpcPort);
    }

    /// <summary>A valid identity file issued by another cluster's CA.</summary>
    private static string OtherClusterIdentity(TempDirectory temp)
    {
        var other = new TestCluster("other.example.com");
        return temp.WriteFile("other-identity", TestIdentityFiles.IdentityFileText(
            other.IssueClient("teleport-plugins", TestKeyFormat.EcPkcs8, DateTimeOffset.UtcNow), other));
    }

    private static string LogText(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process StartHost(string config) =>
        Process.Start(new ProcessStartInfo("dotnet", [RepositoryPaths.HostAssembly, "start", "-c", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;

    /// <summary>Sends SIGTERM and waits for the process to exit.</summary>
    private static async Task<int> TerminateAsync(Process process)
    {
        Assert.That(Kill(process.Id, "TERM"), Is.Zero);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    private static void KillIfRunning(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static int Kill(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"condition not met within {limit}; {state?.Invoke()}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }
}
