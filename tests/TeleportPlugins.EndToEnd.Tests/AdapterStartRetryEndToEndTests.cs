using System.Net;
using System.Text.Json;
using TeleportPlugins.Fakes.Jira;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.HostRunner;
using TeleportPlugins.Simulator;
using static TeleportPlugins.EndToEnd.Tests.Ticketing.JiraEndToEndTests;

namespace TeleportPlugins.EndToEnd.Tests;

/// <summary>A tool that is down while the real host process starts: its adapter is retried, then serves what it owes.</summary>
public sealed class AdapterStartRetryEndToEndTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Test]
    public async Task Start_JiraDownForFirst20Seconds_RetriedThenRequestFromOutageDeliveredOnce()
    {
        await using var jira = await JiraApiFake.StartAsync();
        await using var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("jira");
        cluster.InstallShippedAdapter("jsonl");
        var journal = Path.Combine(cluster.Directory, "journal.jsonl");
        var port = HostProcess.FreeLoopbackPort();
        var listener = new Uri($"http://127.0.0.1:{port}/");
        var (config, log) = cluster.WriteConfig("host", ["jira", "jsonl"], $"""
            {Section(jira)}

            [jsonl]
            path = {JsonSerializer.Serialize(journal)}
            """, $"127.0.0.1:{port}");

        // Every call to Jira waits out the outage, so its start-up health check times out (after 2 s, set below).
        jira.Server.Hang.Start(Outage);
        await using var host = HostProcess.Start(new HostProcessOptions
        {
            ConfigPath = config,
            HostAssembly = RepositoryPaths.HostAssembly,
            Environment = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["TELEPORT_PLUGINS__ADAPTERS__HEALTH_CHECK_TIMEOUT"] = "2s",
                ["TELEPORT_PLUGINS__ADAPTERS__RETRY_MAX"] = "5s",
            },
        });
        await host.WaitForReadyAsync(_ => ValueTask.FromResult(EndToEndCluster.LogSaysReady(log)), Patience, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = listener, Timeout = TimeSpan.FromSeconds(30) };

        var id = cluster.Server.CreateRequest(new NewAccessRequest { User = "alice", Roles = ["db-admin"], Reason = "during the outage" }).Id;
        await Eventually.HoldsAsync(() => Journal.Read(journal).For(id).Any(e => e.Step == "created"), Patience);
        Assert.That(jira.Server.Hang.Active, Is.True, "the request was created while Jira was down");
        var (readyDuringOutage, readyBodyDuringOutage) = await GetAsync(http, "readyz");
        var (aliveDuringOutage, _) = await GetAsync(http, "healthz");

        await Eventually.HoldsAsync(() => IssueOf(jira, id) is not null, Patience, () => EndToEndCluster.ReadLog(log));
        await Task.Delay(1500);
        var (readyAfter, readyBodyAfter) = await GetAsync(http, "readyz");
        var hostLog = EndToEndCluster.ReadLog(log);

        Assert.Multiple(() =>
        {
            Assert.That(readyDuringOutage, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(readyBodyDuringOutage, Does.Contain("1 of 2 enabled adapters are not serving")
                .And.Contain("adapter jira: retrying since ")
                .And.Contain("adapter jsonl: serving since "));
            Assert.That(readyBodyDuringOutage, Does.Not.Contain(jira.Token), "no secret in the readiness body");
            Assert.That(aliveDuringOutage, Is.EqualTo(HttpStatusCode.OK), "jsonl serves, so the process is healthy");
            Assert.That(jira.Issues.Count(issue => RequestIdOf(issue) == id), Is.EqualTo(1), "the request from the outage got exactly one issue");
            Assert.That(IssueOf(jira, id)!.Status, Is.EqualTo("Pending"));
            Assert.That(readyAfter, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(readyBodyAfter, Does.StartWith("ready\n").And.Contain("adapter jira: serving since ").And.Contain("adapter jsonl: serving since "));
            Assert.That(hostLog, Does.Contain("Adapter jira is not serving; start retry 1 in "));
            Assert.That(hostLog, Does.Contain("Adapter jira recovered at start retry "));
            Assert.That(hostLog, Does.Not.Contain(jira.Token), "no secret in the log");
            Assert.That(jira.Server.Unmatched, Is.Empty);
        });
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
