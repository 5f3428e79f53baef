using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.EndToEnd.Tests;

/// <summary>The README's first command, run to the end: it must show every path, stop cleanly and leave nothing behind.</summary>
public sealed partial class DemoTests
{
    private const string ConfigurationLine = "demo    | configuration: ";

    // The README's quick start, as this class runs it; the first test keeps the two equal.
    private static readonly string[] QuickStart =
    [
        "dotnet run --project samples/TeleportPlugins.Demo",
        "bash tests/run.sh",
    ];

    [Test]
    public void QuickStart_ReadmeCodeBlock_IsTwoCommandsTheSuiteRuns()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")).ReplaceLineEndings("\n");
        var section = readme[readme.IndexOf("\n## Quick start\n", StringComparison.Ordinal)..];
        var block = CodeBlock().Match(section).Groups["body"].Value;
        var commands = block.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('#')[0].Trim()).ToArray();

        // The second is what .ci/run runs (every CI run executes it as written); the first runs below.
        Assert.That(commands, Is.EqualTo(QuickStart));
        Assert.That(File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".ci", "run")), Does.Contain(QuickStart[1]));
    }

    [Test]
    public async Task QuickStart_DemoCommandAsWritten_PlaysEveryPath_CtrlCStopsItAndRemovesItsFolder()
    {
        // As typed in a terminal at the clone's root: its own process group, which Ctrl-C signals as a whole (dotnet
        // run and the demo under it both receive SIGINT).
        using var process = Process.Start(new ProcessStartInfo("setsid", ["bash", "-c", QuickStart[0]])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
        })!;
        var text = new StringBuilder();
        var played = Capture(process, text, "done; press Ctrl-C to stop");
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await Task.WhenAny(played, process.WaitForExitAsync(limit.Token)).WaitAsync(limit.Token);
            Assert.That(process.HasExited, Is.False, Snapshot(text));
            var directory = DemoDirectory(Snapshot(text));
            Assert.That(Directory.Exists(directory), Is.True, "the folder exists while the demo runs");

            using (var interrupt = Process.Start("kill", ["-INT", "--", "-" + process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync(limit.Token);
            }

            await process.WaitForExitAsync(limit.Token);
            var all = Snapshot(text);
            Assert.Multiple(() =>
            {
                Assert.That(process.ExitCode, Is.Zero, all);
                Assert.That(all, Does.Contain("alice@example.com wants db-admin: PENDING").And.Contain("EXPIRED"));
                Assert.That(all, Does.Contain("APPROVED (confirmed the incident)"));
                Assert.That(all, Does.Contain("DENIED (no reason to have root)"));
                Assert.That(all, Does.Contain("only U0BOB sees: Your approval of request").And.Contain("was recorded in Teleport as bob@example.com."));
                Assert.That(all, Does.Contain("the message now shows APPROVED, without buttons"));
                Assert.That(all, Does.Contain("demo    | stopping").And.Contain("host stopped (exit code 0)"));
                Assert.That(Directory.Exists(directory), Is.False, all);
            });
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Test]
    public async Task Demo_RunsEveryPathAndExitsCleanly()
    {
        using var process = StartDemo("--exit-when-done");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        var text = await output;

        Assert.That(process.ExitCode, Is.Zero, text + await error);
        Assert.That(text, Does.Contain("alice@example.com wants db-admin: PENDING"));
        Assert.That(text, Does.Contain("carol@example.com proposes APPROVED"));
        Assert.That(text, Does.Contain("resolved").And.Contain("APPROVED (confirmed the incident)"));
        Assert.That(text, Does.Contain("DENIED (no reason to have root)"));
        Assert.That(text, Does.Contain("EXPIRED"));
        Assert.That(text, Does.Contain("clicks Approve; the host answers 200"));
        Assert.That(text, Does.Contain("only U0BOB sees: Your approval of request").And.Contain("was recorded in Teleport as bob@example.com."));
        Assert.That(text, Does.Contain("the message now shows APPROVED, without buttons"));
        Assert.That(text, Does.Contain("is Approved; Teleport's audit: review by bob@example.com, submitted by "));
        Assert.That(text, Does.Contain("host stopped (exit code 0)"));
        Assert.That(Directory.Exists(DemoDirectory(text)), Is.False, "the demo's folder (with the private key) is removed");
    }

    [Test]
    public async Task Demo_SigtermWhilePlaying_StopsAndRemovesItsFolder()
    {
        using var process = StartDemo();
        var text = new StringBuilder();
        var playing = Capture(process, text, "alice@example.com asks for db-admin");
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await Task.WhenAny(playing, process.WaitForExitAsync(limit.Token)).WaitAsync(limit.Token);
        Assert.That(process.HasExited, Is.False, Snapshot(text));
        var directory = DemoDirectory(Snapshot(text));
        Assert.That(File.Exists(Path.Combine(directory, "teleport-plugins.toml")), Is.True, "the folder exists while the demo runs");

        // Process.Kill only sends SIGKILL; the shell's kill sends SIGTERM, as Ctrl-C's SIGINT takes the same path.
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(limit.Token);
        }

        await process.WaitForExitAsync(limit.Token);
        var all = Snapshot(text);
        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.Zero, all);
            Assert.That(all, Does.Contain("demo    | stopping").And.Contain("host stopped (exit code 0)"));
            Assert.That(Directory.Exists(directory), Is.False, all);
        });
    }

    private static Process StartDemo(params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var demo = Path.Combine(RepositoryPaths.Root, "samples", "TeleportPlugins.Demo", "bin", configuration, "net10.0", "TeleportPlugins.Demo.dll");
        return Process.Start(new ProcessStartInfo("dotnet", [demo, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    }

    /// <summary>Collects the process's output and error lines into <paramref name="text"/>.</summary>
    /// <returns>A task that completes when an output line contains <paramref name="trigger"/>.</returns>
    private static Task Capture(Process process, StringBuilder text, string trigger)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (text)
            {
                text.AppendLine(e.Data);
            }

            if (e.Data?.Contains(trigger, StringComparison.Ordinal) == true)
            {
                seen.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (text)
            {
                text.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return seen.Task;
    }

    private static string DemoDirectory(string output)
    {
        var line = output.Split('\n').Single(l => l.StartsWith(ConfigurationLine, StringComparison.Ordinal));
        return Path.GetDirectoryName(line[ConfigurationLine.Length..].TrimEnd('\r'))!;
    }

    private static string Snapshot(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    [GeneratedRegex("```sh\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
