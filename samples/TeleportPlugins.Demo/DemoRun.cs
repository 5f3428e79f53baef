using System.Text.Json;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Slack;
using TeleportPlugins.HostRunner;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.Demo;

/// <summary>
/// Starts a simulated Teleport cluster and the real host (as its own process, with the sample JSON-lines adapter),
/// then plays three requests: one approved after two reviews, one denied, one left to expire. Everything the adapter
/// writes is shown as it happens. Then a fourth request is approved in one click from a fake Slack (the Slack adapter
/// with <c>[slack.review]</c>). Ctrl-C stops the host gracefully and then the cluster.
/// </summary>
internal static class DemoRun
{
    private const string ReadyLine = "Access request watch initialized";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(bool exitWhenDone, TextWriter output, CancellationToken cancellationToken)
    {
        // The cluster's state, the host's identity (with its private key) and the journal: created readable by the
        // user only, and removed however the demo ends (done, failed, Ctrl-C, SIGTERM), after the cluster and the host
        // stopped using them.
        var directory = Directory.CreateTempSubdirectory("teleport-plugins-demo-").FullName;
        try
        {
            return await RunInAsync(directory, exitWhenDone, output, cancellationToken);
        }
        finally
        {
            RemoveDirectory(directory, output);
        }
    }

    private static void RemoveDirectory(string directory, TextWriter output)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
            Say(output, "demo", $"removed {directory}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Say(output, "demo", $"could not remove {directory} ({e.Message}); it holds a private key: delete it");
        }
    }

    private static async Task<int> RunInAsync(string directory, bool exitWhenDone, TextWriter output, CancellationToken cancellationToken)
    {
        await using var cluster = await SimulatorServer.StartAsync(
            new SimulatorOptions { StateDirectory = directory, ClusterName = "demo.teleport.local", ExpirySweepInterval = TimeSpan.FromMilliseconds(200) },
            cancellationToken);
        Say(output, "cluster", $"simulated Teleport cluster {cluster.ClusterName} on 127.0.0.1:{cluster.GrpcPort}");

        await using var slack = await SlackApiFake.StartAsync();
        var oneClick = new SlackClickPath(slack, HostProcess.FreeLoopbackPort());
        oneClick.Prepare(cluster);
        Say(output, "slack", $"fake Slack API on {slack.ApiUrl}");

        var journal = Path.Combine(directory, "access-requests.jsonl");
        var config = WriteConfig(directory, cluster, journal, oneClick);
        Say(output, "demo", $"configuration: {config}");
        await using var host = HostProcess.Start(new HostProcessOptions
        {
            ConfigPath = config,
            OnOutput = line => Say(output, "host", line),
            StopTimeout = TimeSpan.FromSeconds(20),
        });
        using var tail = new JournalTail(journal, output);
        var outcome = 0;
        try
        {
            await host.WaitForOutputAsync(ReadyLine, StepTimeout, cancellationToken);
            await PlayAsync(cluster, tail, output, cancellationToken);
            await oneClick.PlayAsync(cluster, tail, output, StepTimeout, cancellationToken);
            Say(output, "demo", exitWhenDone ? "done" : "done; press Ctrl-C to stop");
            if (!exitWhenDone)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Say(output, "demo", "stopping");
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            // The host's output is already on screen line by line; the first line of the message says what failed.
            Say(output, "demo", $"FAILED: {e.Message.Split('\n')[0]}");
            outcome = 1;
        }
        finally
        {
            outcome = await StopHostAsync(host, output) == 0 ? outcome : 1;
        }

        return outcome;
    }

    private static async Task<int> StopHostAsync(HostProcess host, TextWriter output)
    {
        try
        {
            var exitCode = await host.StopAsync(CancellationToken.None);
            Say(output, "demo", $"host stopped (exit code {exitCode})");
            return exitCode;
        }
        catch (TimeoutException e)
        {
            Say(output, "demo", $"FAILED: {e.Message}");
            return 1;
        }
    }

    private static async Task PlayAsync(SimulatorServer cluster, JournalTail tail, TextWriter output, CancellationToken cancellationToken)
    {
        var approved = cluster.CreateRequest(new NewAccessRequest
        {
            User = "alice@example.com",
            Roles = ["db-admin"],
            Reason = "INC-4711: primary database is out of disk",
            Thresholds = [new ReviewThresholdSpec { Name = "two approvals", Approve = 2, Deny = 1 }],
        });
        Say(output, "cluster", $"alice@example.com asks for db-admin (two approvals needed): request {approved.Id}");
        await tail.WaitForAsync(approved.Id, "created", StepTimeout, cancellationToken);

        cluster.SubmitReview(approved.Id, "bob@example.com", AccessRequestState.Approved, "on it with you");
        Say(output, "cluster", "bob@example.com approves (1 of 2)");
        await tail.WaitForAsync(approved.Id, "reviewed", StepTimeout, cancellationToken);

        cluster.SubmitReview(approved.Id, "carol@example.com", AccessRequestState.Approved, "confirmed the incident");
        Say(output, "cluster", "carol@example.com approves (2 of 2)");
        await tail.WaitForAsync(approved.Id, "resolved", StepTimeout, cancellationToken);

        var denied = cluster.CreateRequest(new NewAccessRequest { User = "dave@example.com", Roles = ["prod-root"], Reason = "curious" });
        Say(output, "cluster", $"dave@example.com asks for prod-root: request {denied.Id}");
        await tail.WaitForAsync(denied.Id, "created", StepTimeout, cancellationToken);
        cluster.SubmitReview(denied.Id, "bob@example.com", AccessRequestState.Denied, "no reason to have root");
        Say(output, "cluster", "bob@example.com denies");
        await tail.WaitForAsync(denied.Id, "resolved", StepTimeout, cancellationToken);

        var expiring = cluster.CreateRequest(new NewAccessRequest { User = "erin@example.com", Roles = ["staging"], Reason = "quick look", Ttl = TimeSpan.FromSeconds(5) });
        Say(output, "cluster", $"erin@example.com asks for staging (nobody answers; it expires in 5 s): request {expiring.Id}");
        await tail.WaitForAsync(expiring.Id, "created", StepTimeout, cancellationToken);
        await tail.WaitForAsync(expiring.Id, "expired", StepTimeout, cancellationToken);
    }

    private static string WriteConfig(string directory, SimulatorServer cluster, string journal, SlackClickPath oneClick)
    {
        var adapters = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "artifacts", "adapters");
        var path = Path.Combine(directory, "teleport-plugins.toml");
        File.WriteAllText(path, $$"""
            [teleport]
            addr = "127.0.0.1:{{cluster.GrpcPort}}"
            identity = {{JsonSerializer.Serialize(Path.GetFullPath(cluster.IdentityFilePath))}}

            [adapters]
            directory = {{JsonSerializer.Serialize(Path.GetFullPath(adapters))}}
            enabled = ["jsonl", "slack"]

            [jsonl]
            path = {{JsonSerializer.Serialize(journal)}}

            [http]
            listen_addr = "127.0.0.1:{{oneClick.HttpPort}}"

            [log]
            output = "stdout"
            severity = "info"
            """ + oneClick.ConfigSection());
        return path;
    }

    internal static void Say(TextWriter output, string source, string text)
    {
        lock (output)
        {
            output.WriteLine($"{source,-8}| {text}");
        }
    }
}
