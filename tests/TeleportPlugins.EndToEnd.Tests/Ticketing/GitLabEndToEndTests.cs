using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.GitLab;
using TeleportPlugins.Simulator;
using static TeleportPlugins.EndToEnd.Tests.Ticketing.TicketingWorkload;

namespace TeleportPlugins.EndToEnd.Tests.Ticketing;

/// <summary>The GitLab adapter in real host processes against the simulator and the GitLab fake.</summary>
public sealed class GitLabEndToEndTests
{
    private const string WebhookSecret = "gitlab-webhook-s3cr3t";

    [Test]
    public async Task TwoReplicas_ApprovedDeniedExpiredWithWatchDrop_OneIssueNoteAndCloseEach()
    {
        await using var gitlab = await GitLabApiFake.StartAsync();
        await using var cluster = await StartClusterAsync("gitlab");
        await cluster.StartReplicaAsync("a", ["gitlab"], Section(gitlab));
        await cluster.StartReplicaAsync("b", ["gitlab"], Section(gitlab));

        var planned = Run(cluster.Server);
        var final = planned.ToDictionary(p => p.Id, p => p.Outcome switch
        {
            AccessRequestState.Approved => ("approved", "Teleport: Approved"),
            AccessRequestState.Denied => ("denied", "Teleport: Denied"),
            _ => ("expired", "Teleport: Expired"),
        });
        await WaitAsync(() => planned.All(p => IssueOf(gitlab, p.Id) is { State: "closed" } issue && issue.Notes.Count == p.Reviewers.Count + 1));
        await Task.Delay(1500);

        Assert.Multiple(() =>
        {
            Assert.That(gitlab.Issues.Select(i => planned.Count(p => i.Description.Contains(p.Id, StringComparison.Ordinal))), Is.All.EqualTo(1), "every issue is one request's");
            Assert.That(gitlab.Issues, Has.Count.EqualTo(planned.Count), "one issue per request");
            foreach (var p in planned)
            {
                var issue = IssueOf(gitlab, p.Id)!;
                Assert.That(issue.Notes.Take(p.Reviewers.Count).Select(n => n.Split('`')[1]), Is.EquivalentTo(p.Reviewers), $"one note per review of {p.Id}");
                Assert.That(issue.Notes.Skip(p.Reviewers.Count).ToList(), Has.Count.EqualTo(1).And.All.StartsWith($"Access request has been {final[p.Id].Item1}"), $"one resolution note on {p.Id}");
                Assert.That(issue.Labels, Is.EquivalentTo(new[] { final[p.Id].Item2, $"teleport-request::{p.Id}" }), $"outcome label and request label on {p.Id}");
                var path = string.Create(CultureInfo.InvariantCulture, $"/api/v4/projects/{gitlab.ProjectId}/issues/{issue.Iid}");
                Assert.That(gitlab.Server.RequestsTo("PUT", path), Has.Count.EqualTo(1), $"closed once: {p.Id}");
            }

            Assert.That(gitlab.Server.Unmatched, Is.Empty);
        });
    }

    [Test]
    public async Task Webhook_TokenedApprovedLabel_ResolvesTheRequestAsTheGitLabUser()
    {
        await using var gitlab = await GitLabApiFake.StartAsync();
        await using var cluster = await StartClusterAsync("gitlab");
        var replica = await cluster.StartReplicaAsync("a", ["gitlab"], Section(gitlab, webhook: true));
        await cluster.StartReplicaAsync("b", ["gitlab"], Section(gitlab, webhook: true));
        var listener = await ListenerAsync(replica);
        var id = cluster.Server.CreateRequest(new NewAccessRequest { User = "alice", Roles = ["db-admin"], Thresholds = [new ReviewThresholdSpec { Approve = 2 }] }).Id;
        await WaitAsync(() => IssueOf(gitlab, id) is not null);
        var issue = IssueOf(gitlab, id)!;
        gitlab.AddLabel(issue.Iid, "Teleport: Approved", 5, "carol");
        var body = Hook(issue, "Teleport: Approved", "carol");

        using var forged = await PostWebhookAsync(listener, "gitlab", "webhook", body, Headers("not-the-token"));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(cluster.Server.GetRequest(id)!.State, Is.EqualTo(AccessRequestState.Pending), "a forged webhook changes nothing");

        using var tokened = await PostWebhookAsync(listener, "gitlab", "webhook", body, Headers(WebhookSecret));
        Assert.That(tokened.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await WaitAsync(() => cluster.Server.GetRequest(id)!.State == AccessRequestState.Approved);
        await WaitAsync(() => IssueOf(gitlab, id)!.State == "closed");

        var decisions = cluster.Server.GetAuditEntries().Where(e => e.RequestId == id && e.Delegator.Length > 0).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(decisions.Select(e => (e.State, e.Delegator)), Is.EqualTo(new[] { ((AccessRequestState?)AccessRequestState.Approved, "gitlab:carol") }));
            Assert.That(IssueOf(gitlab, id)!.Notes.Single(), Does.StartWith("Access request has been approved"));
            Assert.That(gitlab.Server.Unmatched, Is.Empty);
        });
    }

    private static string Section(GitLabApiFake gitlab, bool webhook = false) => $"""
        [gitlab]
        url = "{gitlab.BaseAddress}"
        token = "{gitlab.Token}"
        project_id = "{gitlab.ProjectId}"
        webhook_enabled = {(webhook ? "true" : "false")}
        webhook_secret = "{WebhookSecret}"
        webhook_confirm_attempts = 3
        webhook_confirm_interval = "500ms"
        """;

    private static FakeGitLabIssue? IssueOf(GitLabApiFake gitlab, string requestId) =>
        gitlab.Issues.FirstOrDefault(i => i.Description.Contains(requestId, StringComparison.Ordinal));

    private static byte[] Hook(FakeGitLabIssue issue, string addedLabel, string username) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["object_kind"] = "issue",
        ["event_type"] = "issue",
        ["user"] = new JsonObject { ["id"] = 5, ["username"] = username },
        ["project"] = new JsonObject { ["id"] = 1812345 },
        ["object_attributes"] = new JsonObject { ["id"] = issue.Id, ["iid"] = issue.Iid, ["project_id"] = 1812345, ["action"] = "update" },
        ["changes"] = new JsonObject
        {
            ["labels"] = new JsonObject
            {
                ["previous"] = new JsonArray(new JsonObject { ["id"] = 1, ["title"] = "Teleport: Pending" }),
                ["current"] = new JsonArray(new JsonObject { ["id"] = 1, ["title"] = "Teleport: Pending" }, new JsonObject { ["id"] = 2, ["title"] = addedLabel }),
            },
        },
    }.ToJsonString());

    private static Dictionary<string, string> Headers(string token) => new()
    {
        ["X-Gitlab-Event"] = "Issue Hook",
        ["X-Gitlab-Token"] = token,
    };
}
