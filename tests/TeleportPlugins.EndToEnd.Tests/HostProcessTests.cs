using System.Text.Json;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.HostRunner;

namespace TeleportPlugins.EndToEnd.Tests;

/// <summary>
/// The contract of the one "host as a child process" helper the demo, these tests and the load tool share, against the
/// real <c>teleport-plugins start</c> and the simulator.
/// </summary>
public sealed class HostProcessTests
{
    private const string ReadyLine = "Access request watch initialized";
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(90);

    [Test]
    public async Task StopAsync_ReadyHost_SigtermShutsItDownWithExitCodeZero()
    {
        await using var cluster = await StartClusterAsync();
        var port = HostProcess.FreeLoopbackPort();
        var (config, _) = cluster.WriteConfig("host", ["jsonl"], Jsonl(cluster), $"127.0.0.1:{port}");
        await using var host = HostProcess.Start(Options(config));
        await host.WaitForReadyzAsync(new Uri($"http://127.0.0.1:{port}/"), ReadyWithin, CancellationToken.None);

        var exitCode = await host.StopAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, "SIGTERM is a graceful stop; SIGKILL would be 137");
            Assert.That(host.HasExited, Is.True);
            Assert.That(host.ExitCode, Is.Zero);
        });
    }

    [Test]
    public async Task KillAsync_ReadyHost_EndsItWithSigkill()
    {
        await using var cluster = await StartClusterAsync();
        var (config, log) = cluster.WriteConfig("host", ["jsonl"], Jsonl(cluster));
        await using var host = HostProcess.Start(Options(config));
        await host.WaitForReadyAsync(_ => ValueTask.FromResult(EndToEndCluster.LogSaysReady(log)), ReadyWithin, CancellationToken.None);

        await host.KillAsync();

        Assert.Multiple(() =>
        {
            Assert.That(host.HasExited, Is.True);
            Assert.That(host.ExitCode, Is.EqualTo(128 + 9), "128 + SIGKILL");
        });
    }

    [Test]
    public async Task WaitForReadyAsync_HostExitsEarly_FailsWithTheHostsOutput()
    {
        using var temp = new TempDirectory();
        var lines = new List<string>();
        var missing = temp.Combine("missing", "teleport-plugins.toml");
        await using var host = HostProcess.Start(Options(missing) with { OnOutput = line => { lock (lines) { lines.Add(line); } } });

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => host.WaitForReadyAsync(_ => ValueTask.FromResult(false), ReadyWithin, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("exited with code 2 before it was ready"));
            Assert.That(error.Message, Does.Contain($"{missing}: directory not found"));
            Assert.That(host.ExitCode, Is.EqualTo(2));
            lock (lines)
            {
                Assert.That(lines, Has.Some.Contains("not starting"));
            }
        });
    }

    [Test]
    public async Task Start_ExtraArguments_PassedToStartAfterTheConfiguration()
    {
        using var temp = new TempDirectory();
        await using var host = HostProcess.Start(Options(temp.Combine("teleport-plugins.toml")) with { ExtraArguments = ["--no-such-option"] });

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => host.WaitForReadyAsync(_ => ValueTask.FromResult(false), ReadyWithin, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("exited with code 2").And.Contains("Unrecognized command or argument '--no-such-option'"));
    }

    [Test]
    public async Task WaitForOutputAsync_LoggingToStdout_ReadyOnTheLineAndTimeoutCarriesTheOutput()
    {
        await using var cluster = await StartClusterAsync();
        var (config, _) = cluster.WriteConfig("host", ["jsonl"], Jsonl(cluster), logToStdout: true);
        await using var host = HostProcess.Start(Options(config));
        await host.WaitForOutputAsync(ReadyLine, ReadyWithin, CancellationToken.None);

        var error = Assert.ThrowsAsync<TimeoutException>(() => host.WaitForOutputAsync("a line the host never writes", TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith("the host was not ready within 1 s; its output:"));
            Assert.That(error.Message, Does.Contain(ReadyLine));
            Assert.That(host.HasExited, Is.False);
        });
    }

    [Test]
    public async Task Start_EnvironmentAndWorkingDirectory_TheHostRunsWithThem()
    {
        await using var cluster = await StartClusterAsync();
        var (config, log) = cluster.WriteConfig("host", ["jsonl"], Jsonl(cluster));
        await using var host = HostProcess.Start(Options(Path.GetFileName(config)) with
        {
            WorkingDirectory = cluster.Directory,
            Environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["TELEPORT_PLUGINS_TEST_MARK"] = "42" },
        });
        await host.WaitForReadyAsync(_ => ValueTask.FromResult(EndToEndCluster.LogSaysReady(log)), ReadyWithin, CancellationToken.None);

        var environment = (await File.ReadAllTextAsync($"/proc/{host.Id}/environ")).Split('\0');
        var workingDirectory = new DirectoryInfo($"/proc/{host.Id}/cwd").LinkTarget;

        Assert.Multiple(() =>
        {
            Assert.That(environment, Does.Contain("TELEPORT_PLUGINS_TEST_MARK=42"));
            Assert.That(workingDirectory, Is.EqualTo(cluster.Directory), "the relative configuration path was found there");
        });
    }

    private static HostProcessOptions Options(string config) => new() { ConfigPath = config, HostAssembly = RepositoryPaths.HostAssembly };

    private static async Task<EndToEndCluster> StartClusterAsync()
    {
        var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("jsonl");
        return cluster;
    }

    private static string Jsonl(EndToEndCluster cluster) => $"""
        [jsonl]
        path = {JsonSerializer.Serialize(Path.Combine(cluster.Directory, "journal.jsonl"))}
        """;
}
