using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.PagerDuty;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.EndToEnd.Tests.OnCall;

/// <summary>
/// The PagerDuty adapter installed from its build output, run by two real host replicas against the simulator and
/// the PagerDuty fake: one incident per request, one note per review, one resolve per request, and on-call
/// auto-approval submitted once. (The adapter registers no webhook routes, so there is no approve-from-tool path.)
/// </summary>
public sealed class PagerDutyEndToEndTests
{
    private const string ApiKey = "pd-e2e-key-0c4b7d19a2";
    private const string BotEmail = "teleport-bot@example.com";
    private const string ServiceName = "Access Requests";
    private const string PolicyId = "PEPE2E1";
    private const string PluginUser = "teleport-plugins";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Test]
    public async Task TwoReplicas_ApprovedDeniedAndExpiredRequestsWithWatchDrop_OneIncidentOneNotePerReviewOneResolveEach()
    {
        await using var fake = await PagerDutyApiFake.StartAsync(ApiKey, BotEmail);
        fake.AddService(ServiceName, PolicyId);
        await using var cluster = await StartAsync();
        await cluster.StartReplicaAsync("a", ["pagerduty"], Section(fake, autoApprove: false));
        await cluster.StartReplicaAsync("b", ["pagerduty"], Section(fake, autoApprove: false));

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
        await WaitAsync(() => fake.Incidents.Count(i => i.Status == "resolved") >= ids.Count);
        await Task.Delay(1000); // Room for any duplicate write to show up.

        var byKey = fake.Incidents.GroupBy(i => i.IncidentKey).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Multiple(() =>
        {
            Assert.That(fake.Incidents.Select(i => i.IncidentKey), Is.EquivalentTo(ids.Select(Key)), "one incident per request");
            Assert.That(fake.Server.RequestsTo("POST", "/incidents"), Has.Count.EqualTo(ids.Count), "each incident opened by one call");
            foreach (var id in ids)
            {
                var incident = byKey[Key(id)].Single();
                Assert.That(incident.Status, Is.EqualTo("resolved"), id);
                Assert.That(incident.CreatedBy, Is.EqualTo(BotEmail));
                Assert.That(ReviewAuthors(incident), Is.EqualTo(expectedReviews[id]), $"one note per review of {id}");
                Assert.That(incident.Notes.Where(n => n.StartsWith("Access request has been ", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1).And.All.StartWith($"Access request has been {expectedTag[id]}"), $"one resolution note on {id}");
                Assert.That(incident.Notes, Has.Count.EqualTo(expectedReviews[id].Count + 1), $"no other note on {id}");
                Assert.That(fake.Server.RequestsTo("PUT", $"/incidents/{incident.Id}"), Has.Count.EqualTo(1), $"{id} resolved once");
            }

            Assert.That(fake.Server.Unmatched, Is.Empty, "no request the fake does not know");
        });
    }

    [Test]
    public async Task AutoApproval_TwoReplicasWithWatchDrop_OnCallRequesterApprovedOnceByPluginAndOthersStayPending()
    {
        await using var fake = await PagerDutyApiFake.StartAsync(ApiKey, BotEmail);
        fake.AddService(ServiceName, PolicyId);
        var alice = fake.AddUser("Alice Doe", "alice@example.com");
        fake.AddUser("Bob Roe", "bob@example.com");
        fake.AddOnCall(alice, PolicyId);
        await using var cluster = await StartAsync();
        var a = await cluster.StartReplicaAsync("a", ["pagerduty"], Section(fake, autoApprove: true));
        var b = await cluster.StartReplicaAsync("b", ["pagerduty"], Section(fake, autoApprove: true));

        var onCall = new List<string>();
        var notOnCall = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var user = i % 2 == 0 ? "alice@example.com" : "bob@example.com";
            var id = cluster.Server.CreateRequest(new NewAccessRequest { User = user, Roles = ["db"], Reason = "incident", Annotations = Annotations() }).Id;
            (i % 2 == 0 ? onCall : notOnCall).Add(id);
            if (i == 3)
            {
                cluster.Server.DropWatchStreams();
            }
        }

        await WaitAsync(() => onCall.All(id => cluster.Server.GetRequest(id)!.State == AccessRequestState.Approved)
            && notOnCall.All(id => (a.Log + b.Log).Contains($"request {id}: not approved automatically", StringComparison.Ordinal))
            && fake.Incidents.Count(i => i.Status == "resolved") >= onCall.Count);
        await Task.Delay(1000); // Room for a second approval or a duplicate write to show up.

        Assert.Multiple(() =>
        {
            foreach (var id in onCall)
            {
                var request = cluster.Server.GetRequest(id)!;
                Assert.That(request.State, Is.EqualTo(AccessRequestState.Approved), id);
                Assert.That(request.Reviews.Select(r => r.Author), Is.EqualTo(new[] { PluginUser }), $"exactly one review of {id}, by the plugin");
                Assert.That(request.Reviews.Single().Reason, Does.Contain("Alice Doe (alice@example.com)").And.Contain(ServiceName));
                var incident = fake.Incidents.Single(i => i.IncidentKey == Key(id));
                Assert.That(ReviewAuthors(incident), Is.EqualTo(new[] { PluginUser }), $"one note for the automatic review of {id}");
                Assert.That(incident.Status, Is.EqualTo("resolved"));
                Assert.That(fake.Server.RequestsTo("PUT", $"/incidents/{incident.Id}"), Has.Count.EqualTo(1), $"{id} resolved once");
            }

            foreach (var id in notOnCall)
            {
                var request = cluster.Server.GetRequest(id)!;
                Assert.That(request.State, Is.EqualTo(AccessRequestState.Pending), id);
                Assert.That(request.Reviews, Is.Empty, id);
                var incident = fake.Incidents.Single(i => i.IncidentKey == Key(id));
                Assert.That(incident.Status, Is.EqualTo("triggered"));
                Assert.That(incident.Notes, Is.Empty);
            }

            Assert.That(fake.Incidents, Has.Count.EqualTo(onCall.Count + notOnCall.Count), "one incident per request");
            var pluginReviews = cluster.Server.GetAuditEntries().Where(e => e.Event == "access_request.review" && e.Actor == PluginUser).Select(e => e.RequestId);
            Assert.That(pluginReviews, Is.EquivalentTo(onCall), "one review submitted per on-call request, none for the others");
            Assert.That(fake.Server.Unmatched, Is.Empty);
        });
    }

    private static string Key(string requestId) => "teleport-access-request/" + requestId;

    private static List<string> ReviewAuthors(FakePagerDutyIncident incident) =>
        [.. incident.Notes.Where(n => n.Contains(" reviewed the request at ", StringComparison.Ordinal)).Select(n => n[..n.IndexOf(" reviewed the request at ", StringComparison.Ordinal)])];

    private static Dictionary<string, IReadOnlyList<string>> Annotations() => new()
    {
        ["pagerduty_notify_service"] = [ServiceName],
        ["pagerduty_services"] = [ServiceName],
    };

    private static string Section(PagerDutyApiFake fake, bool autoApprove) => $"""
        [pagerduty]
        api_key = "{ApiKey}"
        user_email = "{BotEmail}"
        api_url = "{fake.BaseAddress}"

        [dispatch]
        auto_approve = [{(autoApprove ? "\"pagerduty\"" : string.Empty)}]
        """;

    private static async Task<EndToEndCluster> StartAsync()
    {
        var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("pagerduty");
        return cluster;
    }

    private static Task WaitAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, Patience);
}
