using System.Diagnostics;
using System.Globalization;
using System.Text;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.EndToEnd.Tests;

/// <summary>The README's first command, run to the end: it must show every path, stop cleanly and leave nothing behind.</summary>
public sealed class DemoTests
{
    private const string ConfigurationLine = "demo    | configuration: ";

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
        Assert.That(text, Does.Contain("host stopped (exit code 0)"));
        Assert.That(Directory.Exists(DemoDirectory(text)), Is.False, "the demo's folder (with the private key) is removed");
    }

    [Test]
    public async Task Demo_SigtermWhilePlaying_StopsAndRemovesItsFolder()
    {
        using var process = StartDemo();
        var text = new StringBuilder();
        var playing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (text)
            {
                text.AppendLine(e.Data);
            }

            if (e.Data?.Contains("alice@example.com asks for db-admin", StringComparison.Ordinal) == true)
            {
                playing.TrySetResult();
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
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await Task.WhenAny(playing.Task, process.WaitForExitAsync(limit.Token)).WaitAsync(limit.Token);
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
}
