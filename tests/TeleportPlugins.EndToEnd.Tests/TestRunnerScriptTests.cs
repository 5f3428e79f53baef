using System.Diagnostics;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.EndToEnd.Tests;

/// <summary>
/// <c>tests/run.sh</c>'s own logic, sourced (which only defines its functions) and run on sample VSTest output and
/// against a fake <c>dotnet</c> on the PATH: the per-project lines and the summary line CI reads.
/// </summary>
public sealed class TestRunnerScriptTests
{
    private const string GreenAssembly = "Passed!  - Failed:     0, Passed:    12, Skipped:     1, Total:    13, Duration: 3 s - A.Tests.dll (net10.0)";
    private const string RedAssembly = "Failed!  - Failed:     2, Passed:     5, Skipped:     0, Total:     7, Duration: 1 s - B.Tests.dll (net10.0)";

    [Test]
    public async Task Summarize_TwoProjectsOneFailing_SumsTheCountsOnALineOfItsOwnAndFails()
    {
        using var temp = new TempDirectory();
        var a = temp.WriteFile("A.Tests.log", $"build noise\n{GreenAssembly}\n");
        var b = temp.WriteFile("B.Tests.log", $"  Failed X [1 s]\n{RedAssembly}\n");

        var (code, output) = await RunAsync(temp, $"summarize $(count_results '{a}' '{b}') 2 0");

        Assert.Multiple(() =>
        {
            Assert.That(output.Split('\n')[^1], Is.EqualTo("17 passed, 2 failed, 1 skipped"));
            Assert.That(code, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Summarize_AllGreen_ExitsZero()
    {
        using var temp = new TempDirectory();
        var a = temp.WriteFile("A.Tests.log", $"{GreenAssembly}\n");

        var (code, output) = await RunAsync(temp, $"summarize $(count_results '{a}') 1 0");

        Assert.Multiple(() =>
        {
            Assert.That(output, Is.EqualTo("\n12 passed, 0 failed, 1 skipped"));
            Assert.That(code, Is.Zero);
        });
    }

    [Test]
    public async Task Summarize_ProjectSilentOrCrashed_CountedAsAFailure()
    {
        using var temp = new TempDirectory();
        var a = temp.WriteFile("A.Tests.log", $"{GreenAssembly}\n");

        var (silentCode, silent) = await RunAsync(temp, $"summarize $(count_results '{a}') 2 0");
        var (crashedCode, crashed) = await RunAsync(temp, $"summarize $(count_results '{a}') 1 134");

        Assert.Multiple(() =>
        {
            Assert.That(silent, Is.EqualTo("only 1 of 2 test projects reported results\n\n12 passed, 1 failed, 1 skipped"));
            Assert.That(silentCode, Is.EqualTo(1));
            Assert.That(crashed, Is.EqualTo("\n12 passed, 1 failed, 1 skipped"));
            Assert.That(crashedCode, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RunProject_FakeDotnet_AnnouncesTheProjectThenItsCounts()
    {
        using var temp = new TempDirectory();
        var bin = temp.Combine("bin");
        Directory.CreateDirectory(bin);
        var dotnet = temp.WriteFile("bin/dotnet", $"#!/usr/bin/env bash\necho \"arguments: $*\"\necho '{GreenAssembly}'\n");
        var logs = temp.Combine("logs");
        Directory.CreateDirectory(logs);

        var (code, output) = await RunAsync(
            temp,
            $"chmod +x '{dotnet}'; PATH='{bin}':$PATH LOGDIR='{logs}'; TEST_ARGS=(--filter Name~X); run_project tests/A.Tests/A.Tests.csproj");

        Assert.Multiple(() =>
        {
            Assert.That(output, Is.EqualTo("▶ A.Tests\n✔ A.Tests: 12 passed, 0 failed, 1 skipped"));
            Assert.That(code, Is.Zero);
            Assert.That(File.ReadAllText(Path.Combine(logs, "A.Tests.log")), Does.StartWith("arguments: test tests/A.Tests/A.Tests.csproj --no-build --nologo --filter Name~X"));
            Assert.That(File.ReadAllText(Path.Combine(logs, "A.Tests.status")).Trim(), Is.EqualTo("0"));
        });
    }

    private static async Task<(int Code, string Output)> RunAsync(TempDirectory temp, string script)
    {
        var runner = Path.Combine(RepositoryPaths.Root, "tests", "run.sh");
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", $"source '{runner}'; {script}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = temp.Path,
        })!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var error = bash.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await bash.WaitForExitAsync(limit.Token);
        Assert.That(await error, Is.Empty);
        return (bash.ExitCode, (await output).TrimEnd('\n'));
    }
}
