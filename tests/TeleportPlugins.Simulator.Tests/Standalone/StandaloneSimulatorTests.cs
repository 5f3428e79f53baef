using System.Diagnostics;
using System.Globalization;

namespace TeleportPlugins.Simulator.Tests.Standalone;

/// <summary>The built simulator run as its own process, the way the README and scripts start it.</summary>
[TestFixture]
[NonParallelizable]
public sealed class StandaloneSimulatorTests
{
    private const string Cluster = "signals.teleport.local";

    // Hang guards only: a simulator that ignores a signal never exits, so the wait ends the test instead.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly string[] Options =
        ["--state-dir", "--port", "--control-port", "--cluster", "--version", "--proxy-addr", "--list-unimplemented", "-h", "--help"];

    private DirectoryInfo _stateDirectory = null!;

    [SetUp]
    public void CreateStateDirectory() => _stateDirectory = Directory.CreateTempSubdirectory("teleport-sim-process-");

    [TearDown]
    public void DeleteStateDirectory() => _stateDirectory.Delete(recursive: true);

    [TestCase("TERM")]
    [TestCase("INT")]
    public async Task Signal_WhileServing_DisposesAndExitsZero(string signal)
    {
        var (exitCode, output, errors) = await ServeThenSignalAsync(signal, (_, _) => Task.CompletedTask);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, errors);
            Assert.That(output, Does.Contain($"Teleport simulator for cluster {Cluster} stopped"));
        });
    }

    [Test]
    public async Task Serving_ControlRequests_LogsNoLinePerRequest()
    {
        var (exitCode, output, errors) = await ServeThenSignalAsync("TERM", async (control, cancellationToken) =>
        {
            using var http = new HttpClient { BaseAddress = control };
            for (var i = 0; i < 3; i++)
            {
                using var response = await http.GetAsync(new Uri("requests", UriKind.Relative), cancellationToken);
                Assert.That(response.IsSuccessStatusCode, Is.True);
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, errors);
            Assert.That(output, Does.Contain("stopped").And.Not.Contain("Microsoft.AspNetCore"));
        });
    }

    [TestCase("--help")]
    [TestCase("-h")]
    public async Task Help_PrintsEveryOptionAndExitsZero(string flag)
    {
        var (exitCode, output, errors) = await RunAsync(flag);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, errors);
            Assert.That(output, Does.StartWith("usage: TeleportPlugins.Simulator"));
            foreach (var option in Options)
            {
                Assert.That(output, Does.Contain($" {option} ").Or.Contain($" {option},"), option);
            }
        });
    }

    [Test]
    public async Task UnknownArgument_ExitsTwoWithUsageOnStandardError()
    {
        var (exitCode, output, errors) = await RunAsync("--state-dir", _stateDirectory.FullName, "--no-such-option");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Is.Empty);
            Assert.That(errors, Does.StartWith("unknown argument --no-such-option"));
            Assert.That(errors, Does.Contain("usage: TeleportPlugins.Simulator").And.Contain("--list-unimplemented"));
        });
    }

    /// <summary>Starts the simulator, runs <paramref name="whileServing"/> against its control API, then signals it.</summary>
    /// <returns>The exit code, what it printed after start-up, and its standard error.</returns>
    private async Task<(int ExitCode, string Output, string Errors)> ServeThenSignalAsync(
        string signal, Func<Uri, CancellationToken, Task> whileServing)
    {
        using var simulator = Start("--state-dir", _stateDirectory.FullName, "--cluster", Cluster);
        try
        {
            var errors = simulator.StandardError.ReadToEndAsync();
            using var patience = new CancellationTokenSource(Patience);
            var control = await WaitForLineAsync(simulator.StandardOutput, "control API:", patience.Token);
            await WaitForLineAsync(simulator.StandardOutput, "identity file:", patience.Token);
            await whileServing(new Uri(control["control API:".Length..].Trim()), patience.Token);

            Assert.That(Kill(simulator.Id, signal), Is.Zero);
            var output = await simulator.StandardOutput.ReadToEndAsync(patience.Token);
            await simulator.WaitForExitAsync(patience.Token);
            return (simulator.ExitCode, output, await errors);
        }
        finally
        {
            if (!simulator.HasExited)
            {
                simulator.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process Start(params string[] arguments)
    {
        var simulator = Path.Combine(AppContext.BaseDirectory, "TeleportPlugins.Simulator.dll");
        // A child inherits ignored signals (a test runner started in the background ignores SIGINT), and .NET keeps
        // them ignored; env resets them, so the simulator sees the signal as it would in a terminal.
        return Process.Start(new ProcessStartInfo("env", ["--default-signal=INT,TERM", "dotnet", simulator, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        using var simulator = Start(arguments);
        using var patience = new CancellationTokenSource(Patience);
        var output = simulator.StandardOutput.ReadToEndAsync(patience.Token);
        var errors = simulator.StandardError.ReadToEndAsync(patience.Token);
        await simulator.WaitForExitAsync(patience.Token);
        return (simulator.ExitCode, await output, await errors);
    }

    private static async Task<string> WaitForLineAsync(StreamReader output, string prefix, CancellationToken cancellationToken)
    {
        while (await output.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new AssertionException($"the simulator exited before printing \"{prefix}\"");
    }

    private static int Kill(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
