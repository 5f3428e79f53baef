using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Datadog;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.HostRunner;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.EndToEnd.Tests.OnCall;

/// <summary>
/// The Datadog adapter installed from its build output, run by real host replicas against the simulator and the
/// Datadog fake: one incident per request, one timeline note per review, one resolution note and resolve per request,
/// across two replicas and across a replica killed mid-run and replaced; and On-Call auto-approval submitted once.
/// </summary>
public sealed class DatadogEndToEndTests
{
    private const string ApiKey = "dd-e2e-api-key-61c0f4";
    private const string ApplicationKey = "dd-e2e-app-key-2d9b77";
    private const string Recipient = "sre-lead@example.com";
    private const string Team = "sre";
    private const string PluginUser = "teleport-plugins";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Test]
    public async Task TwoReplicas_ApprovedDeniedAndExpiredRequestsWithWatchDrop_OneIncidentOneNotePerReviewOneResolveEach()
    {
        await using var fake = await StartFakeAsync();
        await using var cluster = await StartAsync();
        await cluster.StartReplicaAsync("a", ["datadog"], Section(fake, autoApprove: false));
        await cluster.StartReplicaAsync("b", ["datadog"], Section(fake, autoApprove: false));

        var expected = new Dictionary<string, (List<string> Reviewers, string Tag)>();
        for (var i = 0; i < 21; i++)
        {
            var kind = i % 3;
            var id = cluster.Server.CreateRequest(new NewAccessRequest
            {
                User = $"user{i}@example.com",
                Roles = ["db"],
                Reason = $"ticket {i}",
                Thresholds = [new ReviewThresholdSpec { Approve = 2, Deny = 1 }],
                Ttl = kind == 2 ? TimeSpan.FromSeconds(6) : null,
            }).Id;
            expected[id] = kind switch
            {
                0 => (["bob", "carol"], "approved"),
                1 => (["dave"], "denied"),
                _ => ([], "expired"),
            };
            foreach (var reviewer in expected[id].Reviewers)
            {
                cluster.Server.SubmitReview(id, reviewer, kind == 0 ? AccessRequestState.Approved : AccessRequestState.Denied, "reviewed");
            }

            if (i == 10)
            {
                cluster.Server.DropWatchStreams();
            }
        }

        await WaitAsync(() => fake.Incidents.Count(x => x.State == "resolved") >= expected.Count);
        await Task.Delay(1000); // Room for any duplicate write to show up.

        Assert.Multiple(() =>
        {
            AssertOneIncidentEach(fake, expected);
            foreach (var incident in fake.Incidents)
            {
                Assert.That(incident.Severity, Is.EqualTo("SEV-2"), "the configured severity");
                Assert.That(incident.NotificationHandles, Is.EqualTo(new[] { "@" + Recipient }));
                Assert.That(incident.Teams, Is.EqualTo(new[] { Team }));
            }
        });
    }

    [Test]
    public async Task Restart_ReplicaKilledMidRunAndReplaced_NothingDeclaredOrPostedTwice()
    {
        await using var fake = await StartFakeAsync();
        await using var cluster = await StartAsync();
        var (config, log) = cluster.WriteConfig("killed", ["datadog"], Section(fake, autoApprove: false));
        await using var killed = HostProcess.Start(new HostProcessOptions { ConfigPath = config, HostAssembly = RepositoryPaths.HostAssembly });
        await killed.WaitForReadyAsync(_ => ValueTask.FromResult(EndToEndCluster.LogSaysReady(log)), Patience, CancellationToken.None);

        var ids = Enumerable.Range(0, 16).Select(i => cluster.Server.CreateRequest(new NewAccessRequest
        {
            User = $"user{i}@example.com",
            Roles = ["db"],
            Reason = $"ticket {i}",
            Thresholds = [new ReviewThresholdSpec { Approve = 2, Deny = 1 }],
        }).Id).ToList();

        // Killed (SIGKILL) while it declares the incidents: what it sent but had not recorded is found again, not
        // repeated; the reviews come after the kill, so the replacement carries every request on.
        await WaitAsync(() => fake.Incidents.Count >= 6);
        await killed.KillAsync();
        await cluster.StartReplicaAsync("replacement", ["datadog"], Section(fake, autoApprove: false));
        var expected = new Dictionary<string, (List<string> Reviewers, string Tag)>();
        foreach (var id in ids)
        {
            cluster.Server.SubmitReview(id, "bob", AccessRequestState.Approved, "looks fine");
            cluster.Server.SubmitReview(id, "carol", AccessRequestState.Approved, "agreed");
            expected[id] = (["bob", "carol"], "approved");
        }

        await WaitAsync(() => fake.Incidents.Count(x => x.State == "resolved") >= expected.Count);
        await Task.Delay(1000); // Room for any duplicate write to show up.

        Assert.Multiple(() => AssertOneIncidentEach(fake, expected));
    }

    [Test]
    public async Task AutoApproval_TwoReplicasWithWatchDrop_OnCallRequesterApprovedOnceByPluginAndOthersStayPending()
    {
        await using var fake = await StartFakeAsync();
        fake.SetTeam(Team, "Site Reliability", "alice@example.com");
        await using var cluster = await StartAsync();
        var a = await cluster.StartReplicaAsync("a", ["datadog"], Section(fake, autoApprove: true));
        var b = await cluster.StartReplicaAsync("b", ["datadog"], Section(fake, autoApprove: true));

        var onCall = new List<string>();
        var notOnCall = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var user = i % 2 == 0 ? "alice@example.com" : "bob@example.com";
            var annotations = new Dictionary<string, IReadOnlyList<string>> { ["teleport.dev/schedules"] = [Team] };
            var id = cluster.Server.CreateRequest(new NewAccessRequest { User = user, Roles = ["db"], Reason = "outage", Annotations = annotations }).Id;
            (i % 2 == 0 ? onCall : notOnCall).Add(id);
            if (i == 3)
            {
                cluster.Server.DropWatchStreams();
            }
        }

        await WaitAsync(() => onCall.All(id => cluster.Server.GetRequest(id)!.State == AccessRequestState.Approved)
            && notOnCall.All(id => (a.Log + b.Log).Contains($"request {id}: not approved automatically", StringComparison.Ordinal))
            && fake.Incidents.Count(x => x.State == "resolved") >= onCall.Count);
        await Task.Delay(1000); // Room for a second approval or a duplicate write to show up.

        Assert.Multiple(() =>
        {
            foreach (var id in onCall)
            {
                var request = cluster.Server.GetRequest(id)!;
                Assert.That(request.State, Is.EqualTo(AccessRequestState.Approved), id);
                Assert.That(request.Reviews.Select(r => r.Author), Is.EqualTo(new[] { PluginUser }), $"exactly one review of {id}, by the plugin");
                Assert.That(request.Reviews.Single().Reason, Does.Contain("alice@example.com who is on call in Datadog team(s) " + Team));
                var incident = IncidentOf(fake, id);
                Assert.That(ReviewAuthors(incident), Is.EqualTo(new[] { PluginUser }), $"one note for the automatic review of {id}");
                Assert.That(incident.State, Is.EqualTo("resolved"));
            }

            foreach (var id in notOnCall)
            {
                var request = cluster.Server.GetRequest(id)!;
                Assert.That(request.State, Is.EqualTo(AccessRequestState.Pending), id);
                Assert.That(request.Reviews, Is.Empty, id);
                var incident = IncidentOf(fake, id);
                Assert.That(incident.State, Is.EqualTo("active"));
                Assert.That(incident.Notes, Is.Empty);
            }

            Assert.That(fake.Incidents, Has.Count.EqualTo(onCall.Count + notOnCall.Count), "one incident per request");
            var pluginReviews = cluster.Server.GetAuditEntries().Where(e => e.Event == "access_request.review" && e.Actor == PluginUser).Select(e => e.RequestId);
            Assert.That(pluginReviews, Is.EquivalentTo(onCall), "one review submitted per on-call request, none for the others");
            Assert.That(fake.Server.Unmatched, Is.Empty);
        });
    }

    private static void AssertOneIncidentEach(DatadogApiFake fake, Dictionary<string, (List<string> Reviewers, string Tag)> expected)
    {
        Assert.That(fake.Incidents, Has.Count.EqualTo(expected.Count), "one incident per request");
        Assert.That(fake.Server.RequestsTo("POST", "/api/v2/incidents"), Has.Count.EqualTo(expected.Count), "each incident declared by one call");
        foreach (var (id, (reviewers, tag)) in expected)
        {
            var incident = IncidentOf(fake, id);
            Assert.That(incident.State, Is.EqualTo("resolved"), id);
            Assert.That(ReviewAuthors(incident), Is.EqualTo(reviewers), $"one note per review of {id}");
            Assert.That(incident.Notes, Has.Count.EqualTo(reviewers.Count + 1), $"no other note on {id}");
            Assert.That(incident.Notes.Last(), Does.StartWith($"Access request has been {tag}"), $"the resolution note of {id}");
            Assert.That(fake.Server.RequestsTo("POST", $"/api/v2/incidents/{incident.Id}/timeline"), Has.Count.EqualTo(reviewers.Count + 1), $"one call per note of {id}");
        }

        Assert.That(fake.Server.Unmatched, Is.Empty, "no request the fake does not know");
    }

    private static FakeDatadogIncident IncidentOf(DatadogApiFake fake, string requestId) =>
        fake.Incidents.Single(x => x.Summary.EndsWith($"[teleport-access-request/{requestId}]", StringComparison.Ordinal));

    private static List<string> ReviewAuthors(FakeDatadogIncident incident) =>
        [.. incident.Notes.Where(n => n.Contains(" reviewed the request at ", StringComparison.Ordinal)).Select(n => n[..n.IndexOf(" reviewed the request at ", StringComparison.Ordinal)])];

    private static async Task<DatadogApiFake> StartFakeAsync()
    {
        var fake = await DatadogApiFake.StartAsync(ApiKey, ApplicationKey);
        fake.AddUser(Recipient);
        fake.SetTeam(Team, "Site Reliability", []);
        return fake;
    }

    private static string Section(DatadogApiFake fake, bool autoApprove) => $"""
        [datadog]
        api_endpoint = "{fake.BaseAddress}"
        api_key = "{ApiKey}"
        application_key = "{ApplicationKey}"
        severity = "SEV-2"

        [datadog.role_to_recipients]
        "*" = ["{Recipient}", "@{Team}"]

        [dispatch]
        auto_approve = [{(autoApprove ? "\"datadog\"" : string.Empty)}]
        """;

    private static async Task<EndToEndCluster> StartAsync()
    {
        var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("datadog");
        return cluster;
    }

    private static Task WaitAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, Patience);
}
