using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Jira;
using TeleportPlugins.Simulator;
using static TeleportPlugins.EndToEnd.Tests.Ticketing.TicketingWorkload;

namespace TeleportPlugins.EndToEnd.Tests.Ticketing;

/// <summary>The Jira adapter in real host processes against the simulator and the Jira fake.</summary>
public sealed class JiraEndToEndTests
{
    private const string WebhookSecret = "jira-webhook-s3cr3t";
    private static readonly FakeJiraUser Carol = new("acc-carol", "carol@example.com", "Carol");

    [Test]
    public async Task TwoReplicas_ApprovedDeniedExpiredWithWatchDrop_OneIssueCommentAndTransitionEach()
    {
        await using var jira = await JiraApiFake.StartAsync();
        await using var cluster = await StartClusterAsync("jira");
        await cluster.StartReplicaAsync("a", ["jira"], Section(jira));
        await cluster.StartReplicaAsync("b", ["jira"], Section(jira));

        var planned = Run(cluster.Server);
        var final = planned.ToDictionary(p => p.Id, p => p.Outcome switch
        {
            AccessRequestState.Approved => ("Approved", "approved"),
            AccessRequestState.Denied => ("Denied", "denied"),
            _ => ("Expired", "expired"),
        });
        await WaitAsync(() => planned.All(p => IssueOf(jira, p.Id) is { } issue && issue.Status == final[p.Id].Item1 && issue.Comments.Count == p.Reviewers.Count + 1));
        await Task.Delay(1500);

        Assert.Multiple(() =>
        {
            Assert.That(jira.Issues.Select(RequestIdOf), Is.EquivalentTo(planned.Select(p => p.Id)), "one issue per request");
            foreach (var p in planned)
            {
                var issue = IssueOf(jira, p.Id)!;
                var comments = issue.Comments.Select(c => c.Body).ToList();
                Assert.That(comments.Take(p.Reviewers.Count).Select(ReviewerIn), Is.EquivalentTo(p.Reviewers), $"one comment per review of {p.Id}");
                Assert.That(comments.Skip(p.Reviewers.Count).ToList(), Has.Count.EqualTo(1).And.All.StartsWith($"Access request has been {final[p.Id].Item2}"), $"one resolution comment on {p.Id}");
                Assert.That(issue.StatusChanges.Select(c => c.To), Is.EqualTo(new[] { "Pending", final[p.Id].Item1 }), $"each transition once on {p.Id}");
            }

            Assert.That(jira.Server.Unmatched, Is.Empty);
        });
    }

    [Test]
    public async Task Webhook_SignedIssueMovedToApproved_ResolvesTheRequestAsTheJiraUser()
    {
        await using var jira = await JiraApiFake.StartAsync();
        await using var cluster = await StartClusterAsync("jira");
        var replica = await cluster.StartReplicaAsync("a", ["jira"], Section(jira, webhook: true));
        await cluster.StartReplicaAsync("b", ["jira"], Section(jira, webhook: true));
        var listener = await ListenerAsync(replica);
        var id = cluster.Server.CreateRequest(new NewAccessRequest { User = "alice", Roles = ["db-admin"], Thresholds = [new ReviewThresholdSpec { Approve = 2 }] }).Id;
        await WaitAsync(() => IssueOf(jira, id)?.Status == "Pending");
        var issue = IssueOf(jira, id)!;
        jira.Comment(issue.Id, Carol, "reason: on call for INC-42");
        jira.Transition(issue.Id, "Approved", Carol);
        var body = WebhookBody(issue, "Approved");

        using var forged = await PostWebhookAsync(listener, "jira", "webhook", body, Signed(body, "not-the-secret"));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(cluster.Server.GetRequest(id)!.State, Is.EqualTo(AccessRequestState.Pending), "a forged webhook changes nothing");

        using var signed = await PostWebhookAsync(listener, "jira", "webhook", body, Signed(body, WebhookSecret));
        Assert.That(signed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await WaitAsync(() => cluster.Server.GetRequest(id)!.State == AccessRequestState.Approved);
        await WaitAsync(() => IssueOf(jira, id)!.Comments.Count == 2);

        var decisions = cluster.Server.GetAuditEntries().Where(e => e.RequestId == id && e.Delegator.Length > 0).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(decisions.Select(e => (e.State, e.Delegator, e.Reason)), Is.EqualTo(new[] { ((AccessRequestState?)AccessRequestState.Approved, "jira:carol@example.com", "on call for INC-42") }));
            Assert.That(IssueOf(jira, id)!.Comments[1].Body, Does.StartWith("Access request has been approved"));
            Assert.That(IssueOf(jira, id)!.StatusChanges.Select(c => c.To), Is.EqualTo(new[] { "Pending", "Approved" }), "already Approved: not transitioned again");
            Assert.That(jira.Server.Unmatched, Is.Empty);
        });
    }

    /// <summary>The <c>[jira]</c> section against <paramref name="jira"/>.</summary>
    internal static string Section(JiraApiFake jira, bool webhook = false) => $"""
        [jira]
        url = "{jira.BaseAddress}"
        auth = "basic"
        username = "{jira.Bot.Email}"
        api_token = "{jira.Token}"
        project = "{jira.Project}"
        issue_type = "Task"
        webhook_enabled = {(webhook ? "true" : "false")}
        webhook_secret = "{WebhookSecret}"
        webhook_confirm_attempts = 3
        webhook_confirm_interval = "500ms"
        """;

    /// <summary>The access request an issue was opened for (its entity property).</summary>
    internal static string RequestIdOf(FakeJiraIssue issue) =>
        issue.Properties.TryGetValue("teleportAccessRequestId", out var raw) ? JsonNode.Parse(raw)!.GetValue<string>() : string.Empty;

    private static FakeJiraIssue? IssueOf(JiraApiFake jira, string requestId) => jira.Issues.FirstOrDefault(i => RequestIdOf(i) == requestId);

    private static string ReviewerIn(string comment) => comment.Split('*')[1];

    private static byte[] WebhookBody(FakeJiraIssue issue, string status) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["timestamp"] = 1_764_000_000_000,
        ["webhookEvent"] = "jira:issue_updated",
        ["issue_event_type_name"] = "issue_generic",
        ["user"] = new JsonObject { ["accountId"] = Carol.AccountId },
        ["issue"] = new JsonObject
        {
            ["id"] = issue.Id,
            ["key"] = issue.Key,
            ["fields"] = new JsonObject { ["status"] = new JsonObject { ["name"] = status } },
        },
        ["changelog"] = new JsonObject { ["items"] = new JsonArray(new JsonObject { ["field"] = "status", ["toString"] = status }) },
    }.ToJsonString());

    private static Dictionary<string, string> Signed(byte[] body, string secret) => new()
    {
        ["X-Hub-Signature"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)),
    };
}
