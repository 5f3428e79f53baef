using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.EndToEnd.Tests.Release;

/// <summary>
/// The systemd unit (host/deploy/systemd/teleport-plugins.service) as shipped in the release folder: systemd's own
/// checker accepts it against the published executable, it carries the hardening the README promises, and the host
/// speaks the Type=notify protocol it declares.
/// </summary>
public sealed class SystemdUnitTests
{
    private const string InstalledExecutable = "/opt/teleport-plugins/teleport-plugins";

    private static string Unit => File.ReadAllText(Path.Combine(PublishedRelease.Folder, "teleport-plugins.service"));

    [Test]
    public async Task SystemdAnalyzeVerify_UnitPointingAtTheReleaseFolder_ReportsNothing()
    {
        Assert.That(Unit, Does.Contain($"ExecStart={InstalledExecutable} start -c "));
        using var temp = new TempDirectory();
        // The unit names the installed path; verify checks that ExecStart exists, so point it at the published folder.
        var unit = temp.WriteFile("teleport-plugins.service", Unit.Replace(InstalledExecutable, PublishedRelease.Executable, StringComparison.Ordinal));

        var (exitCode, output, error) = await Command.RunAsync("systemd-analyze", ["verify", unit], TimeSpan.FromMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, error);
            // verify exits 0 on settings it ignores (a misspelt value is only a warning): any output is a problem.
            Assert.That((output + error).Trim(), Is.Empty);
        });
    }

    [Test]
    public void Unit_AsShipped_IsANotifyServiceForADedicatedUserWithWritableStateAndLogsOnly()
    {
        var settings = Unit.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .ToLookup(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(settings["Type"], Is.EqualTo(new[] { "notify" }));
            Assert.That(settings["User"], Is.EqualTo(new[] { "teleport-plugins" }));
            Assert.That(settings["NoNewPrivileges"], Is.EqualTo(new[] { "yes" }));
            Assert.That(settings["ProtectSystem"], Is.EqualTo(new[] { "strict" }));
            Assert.That(settings["ProtectHome"], Is.EqualTo(new[] { "yes" }));
            Assert.That(settings["PrivateTmp"], Is.EqualTo(new[] { "yes" }));
            Assert.That(settings["StateDirectory"], Is.EqualTo(new[] { "teleport-plugins" }));
            Assert.That(settings["LogsDirectory"], Is.EqualTo(new[] { "teleport-plugins" }));
            Assert.That(settings["ReadWritePaths"], Is.Empty, "only the state and log directories are writable");
            Assert.That(settings["Restart"], Is.EqualTo(new[] { "on-failure" }));
        });
    }

    [Test]
    public async Task Start_UnderSystemdNotify_SendsReadyOnceStartedAndStoppingOnSigterm()
    {
        await using var cluster = await EndToEndCluster.StartAsync();
        var config = Path.Combine(cluster.Directory, "teleport-plugins.toml");
        await File.WriteAllTextAsync(config, $"""
            [teleport]
            addr = "127.0.0.1:{cluster.Server.GrpcPort}"
            identity = {JsonSerializer.Serialize(Path.GetFullPath(cluster.Server.IdentityFilePath))}

            [adapters]
            enabled = []

            [http]
            listen_addr = "127.0.0.1:0"

            [log]
            output = "stdout"
            """);
        // What systemd does for Type=notify: a datagram socket named by NOTIFY_SOCKET. The host believes it runs under
        // systemd when its parent process is named "systemd": here a copy of sh under that name, which starts the host
        // as its child, prints the host's pid and exits with the host's exit code.
        var socketPath = Path.Combine(cluster.Directory, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var systemd = Path.Combine(cluster.Directory, "systemd");
        File.Copy("/bin/sh", systemd);
        var start = new System.Diagnostics.ProcessStartInfo(systemd, ["-c", "\"$0\" start -c \"$1\" & echo \"pid $!\"; wait $!", PublishedRelease.Executable, config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NOTIFY_SOCKET"] = socketPath;
        using var host = System.Diagnostics.Process.Start(start)!;
        var output = new StringBuilder();
        host.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        host.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            var ready = await ReceiveAsync(socket, output);
            Assert.That(ready, Does.Contain("READY=1"), () => Snapshot(output));

            SendSigterm(HostPid(output));
            var stopping = await ReceiveAsync(socket, output);
            using var exited = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await host.WaitForExitAsync(exited.Token);

            Assert.Multiple(() =>
            {
                Assert.That(stopping, Does.Contain("STOPPING=1"));
                Assert.That(host.ExitCode, Is.Zero, () => Snapshot(output));
            });
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket, StringBuilder output)
    {
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no notification from the host within a minute; its output: {Snapshot(output)}");
        }
    }

    private static string HostPid(StringBuilder output) =>
        Snapshot(output).Split('\n').First(line => line.StartsWith("pid ", StringComparison.Ordinal))["pid ".Length..].Trim();

    private static void SendSigterm(string pid) => System.Diagnostics.Process.Start("kill", ["-TERM", pid])!.WaitForExit();

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
