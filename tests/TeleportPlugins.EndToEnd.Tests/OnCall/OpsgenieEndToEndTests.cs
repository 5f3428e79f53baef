using TeleportPlugins.Fakes.Opsgenie;
using TeleportPlugins.Contracts;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.EndToEnd.Tests.OnCall;

/// <summary>
/// The Opsgenie adapter installed from its build output, run by two real host replicas against the simulator and the
/// Opsgenie fake: one alert per request, one note per review, one close per request, and on-call auto-approval
/// submitted once. (The adapter registers no webhook routes, so there is no approve-from-tool path.)
/// </summary>
public sealed class OpsgenieEndToEndTests
{
    private const string ApiKey = "og-e2e-key-3f9a0d6b41";
    private const string Schedule = "SRE on call";
    private const string Team = "SRE";
    private const string PluginUser = "teleport-plugins";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Test]
    public async Task TwoReplicas_ApprovedDeniedAndExpiredRequestsWithWatchDrop_OneAlertOneNotePerReviewOneCloseEach()
    {
        await using var fake = await OpsgenieApiFake.StartAsync(ApiKey);
        fake.PollsBeforeProcessed = 1; // Each creation is polled for, as Opsgenie processes alert writes asynchronously.
        await using var cluster = await StartAsync();
        await cluster.StartReplicaAsync("a", ["opsgenie"], Section(fake, autoApprove: false));
        await cluster.StartReplicaAsync("b", ["opsgenie"], Section(fake, autoApprove: false));

        var expectedReviews = new Dictionary<string, List<string>>();
        var expectedTag = new Dictionary<string, string>();
        for (var i = 0; i < 21; i++)
        {
            var kind = i % 3;
            var id = cluster.Server.CreateRequest(new NewAccessRequest
            {
                User = $"user{i}@example.com",
                Roles = ["db"],
                Reason = $"ticket {i}",
                Annotations = Annotations(),
                Thresholds = [new ReviewThresholdSpec { Approve = 2, Deny = 1 }],
                Ttl = kind == 2 ? TimeSpan.FromSeconds(6) : null,
            }).Id;
            expectedReviews[id] = [];
            switch (kind)
            {
                case 0:
                    cluster.Server.SubmitReview(id, "bob", AccessRequestState.Approved, "looks fine");
                    cluster.Server.SubmitReview(id, "carol", AccessRequestState.Approved, "agreed");
                    expectedReviews[id].AddRange(["bob", "carol"]);
                    expectedTag[id] = "approved";
                    break;
                case 1:
                    cluster.Server.SubmitReview(id, "dave", AccessRequestState.Denied, "not now");
                    expectedReviews[id].Add("dave");
                    expectedTag[id] = "denied";
                    break;
                default:
                    expectedTag[id] = "expired";
                    break;
            }

            if (i == 10)
            {
                cluster.Server.DropWatchStreams();
            }
        }

        var ids = expectedReviews.Keys.ToList();
        await WaitAsync(() => fake.Alerts.Count(a => a.Status == "closed") >= ids.Count);
        await Task.Delay(1000); // Room for any duplicate write to show up.

        var byAlias = fake.Alerts.GroupBy(a => a.Alias).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Multiple(() =>
        {
            Assert.That(fake.Alerts.Select(a => a.Alias), Is.EquivalentTo(ids.Select(Alias)), "one alert per request");
            Assert.That(fake.Server.RequestsTo("POST", "/v2/alerts"), Has.Count.EqualTo(ids.Count), "each alert created by one call");
            foreach (var id in ids)
            {
                var alert = byAlias[Alias(id)].Single();
                Assert.That(alert.Count, Is.EqualTo(1), $"no creation of {id} de-duplicated into the alert");
                Assert.That(alert.Responders, Is.EquivalentTo(new (string, string?, string?)[] { ("schedule", null, Schedule), ("team", null, Team) }));
                Assert.That(alert.Priority, Is.EqualTo("P2"), "the configured priority");
                Assert.That(alert.Status, Is.EqualTo("closed"), id);
                Assert.That(ReviewAuthors(alert), Is.EqualTo(expectedReviews[id]), $"one note per review of {id}");
                Assert.That(fake.Server.RequestsTo("POST", $"/v2/alerts/{alert.Id}/notes"), Has.Count.EqualTo(expectedReviews[id].Count), $"one note call per review of {id}");
                Assert.That(fake.Server.RequestsTo("POST", $"/v2/alerts/{alert.Id}/close"), Has.Count.EqualTo(1), $"{id} closed once");
                Assert.That(alert.Notes.Last(), Does.StartWith($"Access request has been {expectedTag[id]}"), $"the close note of {id}");
                Assert.That(alert.Notes, Has.Count.EqualTo(expectedReviews[id].Count + 1), $"no other note on {id}");
            }

            Assert.That(fake.Server.Unmatched, Is.Empty, "no request the fake does not know");
        });
    }

    [Test]
    public async Task AutoApproval_TwoReplicasWithWatchDrop_OnCallRequesterApprovedOnceByPluginAndOthersStayPending()
    {
        await using var fake = await OpsgenieApiFake.StartAsync(ApiKey);
        fake.SetSchedule(Schedule, "alice@example.com");
        await using var cluster = await StartAsync();
        var a = await cluster.StartReplicaAsync("a", ["opsgenie"], Section(fake, autoApprove: true));
        var b = await cluster.StartReplicaAsync("b", ["opsgenie"], Section(fake, autoApprove: true));

        var onCall = new List<string>();
        var notOnCall = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var user = i % 2 == 0 ? "alice@example.com" : "bob@example.com";
            var id = cluster.Server.CreateRequest(new NewAccessRequest { User = user, Roles = ["db"], Reason = "outage", Annotations = Annotations() }).Id;
            (i % 2 == 0 ? onCall : notOnCall).Add(id);
            if (i == 3)
            {
                cluster.Server.DropWatchStreams();
            }
        }

        await WaitAsync(() => onCall.All(id => cluster.Server.GetRequest(id)!.State == AccessRequestState.Approved)
            && notOnCall.All(id => (a.Log + b.Log).Contains($"request {id}: not approved automatically", StringComparison.Ordinal))
            && fake.Alerts.Count(x => x.Status == "closed") >= onCall.Count);
        await Task.Delay(1000); // Room for a second approval or a duplicate write to show up.

        Assert.Multiple(() =>
        {
            foreach (var id in onCall)
            {
                var request = cluster.Server.GetRequest(id)!;
                Assert.That(request.State, Is.EqualTo(AccessRequestState.Approved), id);
                Assert.That(request.Reviews.Select(r => r.Author), Is.EqualTo(new[] { PluginUser }), $"exactly one review of {id}, by the plugin");
                Assert.That(request.Reviews.Single().Reason, Does.Contain("alice@example.com who is on call in Opsgenie schedule(s) " + Schedule));
                var alert = fake.Alerts.Single(x => x.Alias == Alias(id));
                Assert.That(ReviewAuthors(alert), Is.EqualTo(new[] { PluginUser }), $"one note for the automatic review of {id}");
                Assert.That(alert.Status, Is.EqualTo("closed"));
                Assert.That(fake.Server.RequestsTo("POST", $"/v2/alerts/{alert.Id}/close"), Has.Count.EqualTo(1), $"{id} closed once");
            }

            foreach (var id in notOnCall)
            {
                var request = cluster.Server.GetRequest(id)!;
                Assert.That(request.State, Is.EqualTo(AccessRequestState.Pending), id);
                Assert.That(request.Reviews, Is.Empty, id);
                var alert = fake.Alerts.Single(x => x.Alias == Alias(id));
                Assert.That(alert.Status, Is.EqualTo("open"));
                Assert.That(alert.Notes, Is.Empty);
            }

            Assert.That(fake.Alerts, Has.Count.EqualTo(onCall.Count + notOnCall.Count), "one alert per request");
            var pluginReviews = cluster.Server.GetAuditEntries().Where(e => e.Event == "access_request.review" && e.Actor == PluginUser).Select(e => e.RequestId);
            Assert.That(pluginReviews, Is.EquivalentTo(onCall), "one review submitted per on-call request, none for the others");
            Assert.That(fake.Server.Unmatched, Is.Empty);
        });
    }

    private static string Alias(string requestId) => "teleport-access-request/" + requestId;

    private static List<string> ReviewAuthors(FakeOpsgenieAlert alert) =>
        [.. alert.Notes.Where(n => n.Contains(" reviewed the request at ", StringComparison.Ordinal)).Select(n => n[..n.IndexOf(" reviewed the request at ", StringComparison.Ordinal)])];

    private static Dictionary<string, IReadOnlyList<string>> Annotations() => new()
    {
        ["teleport.dev/notify-services"] = [Schedule],
        ["teleport.dev/teams"] = [Team],
        ["teleport.dev/schedules"] = [Schedule],
    };

    private static string Section(OpsgenieApiFake fake, bool autoApprove) => $"""
        [opsgenie]
        api_key = "{ApiKey}"
        api_host = "{fake.BaseAddress}"
        priority = "P2"

        [dispatch]
        auto_approve = [{(autoApprove ? "\"opsgenie\"" : string.Empty)}]
        """;

    private static async Task<EndToEndCluster> StartAsync()
    {
        var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("opsgenie");
        return cluster;
    }

    private static Task WaitAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, Patience);
}
