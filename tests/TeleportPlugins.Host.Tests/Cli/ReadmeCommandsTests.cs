using System.Diagnostics;
using System.Text.RegularExpressions;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.Host.Tests.Cli;

/// <summary>
/// The README's "Running the host" commands, run as written. The list below is what runs; the first test keeps it
/// equal to the README's code block, so neither can change without the other.
/// </summary>
public sealed partial class ReadmeCommandsTests
{
    private const string HostCommand = "dotnet host/bin/Debug/net10.0/teleport-plugins.dll";

    private static readonly string[] RunningTheHost =
    [
        "dotnet build Plugins.sln",
        $"{HostCommand} configure --directory artifacts/adapters > teleport-plugins.toml",
        $"{HostCommand} check -c teleport-plugins.toml",
        $"{HostCommand} start -c teleport-plugins.toml",
    ];

    [Test]
    public void RunningTheHost_ReadmeCodeBlock_IsTheListThisTestRuns()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")).ReplaceLineEndings("\n");
        var section = readme[readme.IndexOf("\n## Running the host\n", StringComparison.Ordinal)..];
        var block = CodeBlock().Match(section).Groups["body"].Value;
        var commands = block.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith('#')).ToArray();

        Assert.That(commands, Is.EqualTo(RunningTheHost));
    }

    [Test]
    public async Task RunningTheHost_CommandsAsWritten_ConfigureCheckAndStartWork()
    {
        using var temp = new TempDirectory();
        await using var cluster = await SimulatorServer.StartAsync(new SimulatorOptions { StateDirectory = temp.Combine("sim") }, CancellationToken.None);
        // The commands' relative paths are the clone's; the configuration file they write goes to a scratch folder.
        // `dotnet build Plugins.sln` already ran: this test's own build built the host and the adapters.
        var work = temp.Combine("clone");
        Directory.CreateDirectory(work);
        File.CreateSymbolicLink(Path.Combine(work, "host"), Path.Combine(RepositoryPaths.Root, "host"));
        File.CreateSymbolicLink(Path.Combine(work, "artifacts"), RepositoryPaths.Artifacts);

        var configure = await ShellAsync(work, RunningTheHost[1]);
        Assert.That(configure.Code, Is.Zero, configure.Error);

        // "edit teleport-plugins.toml: [teleport] addr and identity, [adapters] enabled, each adapter's section"
        var config = Path.Combine(work, "teleport-plugins.toml");
        var text = File.ReadAllText(config)
            .Replace("teleport.example.com:3025", $"127.0.0.1:{cluster.GrpcPort}", StringComparison.Ordinal)
            .Replace("/var/lib/teleport/plugins/identity", Path.GetFullPath(cluster.IdentityFilePath), StringComparison.Ordinal)
            .Replace("listen_addr = \":8081\"", "listen_addr = \"127.0.0.1:0\"", StringComparison.Ordinal);
        text = EnabledLine().Replace(text, "enabled = [\"jsonl\"]", 1)
            .Replace("/var/log/teleport-plugins/access-requests.jsonl", Path.Combine(work, "journal.jsonl"), StringComparison.Ordinal);
        File.WriteAllText(config, text);

        var check = await ShellAsync(work, RunningTheHost[2]);
        Assert.That(check.Code, Is.Zero, check.Error);
        Assert.That(check.Output, Does.Contain("configuration OK; 1 adapter(s) enabled: jsonl"));

        using var start = Process.Start(new ProcessStartInfo("bash", ["-c", $"exec {RunningTheHost[3]}"])
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = new System.Text.StringBuilder();
        var started = new TaskCompletionSource();
        start.ErrorDataReceived += (_, line) =>
        {
            lock (log)
            {
                log.AppendLine(line.Data);
            }

            if (line.Data?.Contains("teleport-plugins started", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        start.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(90));
            using var kill = Process.Start("kill", ["-TERM", start.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await start.WaitForExitAsync(timeout.Token);

            Assert.That(start.ExitCode, Is.Zero, log.ToString());
        }
        finally
        {
            if (!start.HasExited)
            {
                start.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<(int Code, string Output, string Error)> ShellAsync(string directory, string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex("```sh\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex("^enabled = \\[.*\\]$", RegexOptions.Multiline)]
    private static partial Regex EnabledLine();
}
