using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Jira;
using TeleportPlugins.Fakes.Slack;
using TeleportPlugins.EndToEnd.Tests.Ticketing;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.EndToEnd.Tests.Messaging;

/// <summary>
/// Issue 15's scenario: a Slack that enforces one post per second per channel strictly (429 with Retry-After), Slack
/// and Jira in one host process, 20 requests within 10 s routed to two channels and one reviewer's direct messages.
/// </summary>
public sealed class RateLimitEndToEndTests
{
    private const string Reviewer = "reviewer@example.com";
    private const int Count = 20;

    // The expiring requests use the user's 60 s TTL; everything else is delivered well before they expire.
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private static readonly string[] Destinations = ["C0GENERAL", "C0ACCESS", "D0REVIEW"];

    [Test]
    public async Task StrictSlackLimitAndJira_TwentyRequestsInTenSeconds_EachRequestOnceEverywhereWithItsFinalStatusAndNo429()
    {
        await using var slack = await SlackApiFake.StartAsync();
        slack.AddChannel("access-requests", "C0ACCESS");
        slack.AddUser(Reviewer, "U0REVIEW");
        slack.LimitPostsPerChannel(TimeProvider.System);
        await using var jira = await JiraApiFake.StartAsync();
        await using var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("slack");
        cluster.InstallShippedAdapter("jira");
        await cluster.StartReplicaAsync("a", ["slack", "jira"], Sections(slack, jira));

        var clock = Stopwatch.StartNew();
        var planned = await CreateAsync(cluster.Server);
        var postsPerDestination = Count + planned.Sum(p => p.Reviewers.Length);
        TimeSpan? lastPost = null;
        await Eventually.HoldsAsync(
            () =>
            {
                if (lastPost is null && slack.Messages.Count >= postsPerDestination * Destinations.Length)
                {
                    lastPost = clock.Elapsed;
                }

                return planned.All(p => Delivered(slack, jira, p));
            },
            TimeSpan.FromSeconds(100),
            () => $"{slack.Messages.Count} Slack posts, {slack.Updates.Count} edits, {slack.Server.RateLimited} refused; {planned.Count(p => Delivered(slack, jira, p))} of {Count} requests delivered");
        var lastDelivery = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a duplicate to show up

        TestContext.Progress.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"first request to last Slack post: {lastPost?.TotalSeconds:F1} s; lower bound from Slack's limit: {postsPerDestination} posts per destination x 1 s = {postsPerDestination} s"));
        TestContext.Progress.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"first request to last delivery: {lastDelivery.TotalSeconds:F1} s (the last requests expire {Ttl.TotalSeconds:F0} s after they were created)"));
        var messages = slack.Messages;
        var updates = slack.Updates;
        Assert.Multiple(() =>
        {
            Assert.That(slack.Server.RateLimited, Is.Zero, "no post refused by Slack's per-channel limit: the pacing keeps below it");
            foreach (var p in planned)
            {
                foreach (var destination in Destinations)
                {
                    var roots = messages.Where(m => m.Channel == destination && m.ThreadTs is null && m.BlocksText.Contains(p.Id, StringComparison.Ordinal)).ToList();
                    Assert.That(roots, Has.Count.EqualTo(1), $"one message for {p.Id} in {destination}");
                    if (roots.Count == 1)
                    {
                        var replies = messages.Where(m => m.ThreadTs == roots[0].Ts).Select(m => ChatWorkload.ReviewAuthorOf(m.Text));
                        Assert.That(replies, Is.EquivalentTo(p.Reviewers), $"one reply per review of {p.Id} in {destination}");
                        var edits = updates.Where(u => u.Ts == roots[0].Ts).Select(u => ChatWorkload.StatusOf(u.BlocksText)).ToList();
                        Assert.That(edits.Count(s => s == p.SlackStatus), Is.EqualTo(1), $"{p.SlackStatus} applied once to {p.Id} in {destination}");
                        Assert.That(edits.LastOrDefault(), Is.EqualTo(p.SlackStatus), $"{p.Id} in {destination} ends {p.SlackStatus}");
                    }
                }

                var issues = jira.Issues.Where(i => RequestIdOf(i) == p.Id).ToList();
                Assert.That(issues, Has.Count.EqualTo(1), $"one Jira issue for {p.Id}");
                if (issues.Count == 1)
                {
                    var comments = issues[0].Comments.Select(c => c.Body).ToList();
                    Assert.That(comments.Take(p.Reviewers.Length).Select(c => c.Split('*')[1]), Is.EquivalentTo(p.Reviewers), $"one comment per review of {p.Id}");
                    Assert.That(comments.Skip(p.Reviewers.Length).ToList(), Has.Count.EqualTo(1), $"one resolution comment on {p.Id}");
                    Assert.That(issues[0].StatusChanges.Select(c => c.To), Is.EqualTo(new[] { "Pending", p.JiraStatus }), $"each transition once on {p.Id}");
                }
            }

            Assert.That(messages, Has.Count.EqualTo(postsPerDestination * Destinations.Length), "nothing else was posted");
            Assert.That(slack.Server.Unmatched, Is.Empty);
            Assert.That(jira.Server.Unmatched, Is.Empty);
        });
    }

    /// <summary>
    /// 20 requests, one every half second, each reviewed as it is created: 8 approved by two reviews, 6 denied by one,
    /// 6 left to expire after <see cref="Ttl"/> (3 of them after one approving review).
    /// </summary>
    private static async Task<List<Planned>> CreateAsync(SimulatorServer server)
    {
        var planned = new List<Planned>();
        for (var i = 0; i < Count; i++)
        {
            var (reviewers, outcome) = i switch
            {
                < 8 => (new[] { "bob", "carol" }, AccessRequestState.Approved),
                < 14 => (new[] { "dave" }, AccessRequestState.Denied),
                < 17 => (new[] { "bob" }, AccessRequestState.None),
                _ => (Array.Empty<string>(), AccessRequestState.None),
            };
            var id = server.CreateRequest(new NewAccessRequest
            {
                User = string.Create(CultureInfo.InvariantCulture, $"user{i}"),
                Roles = ["db-admin"],
                Reason = string.Create(CultureInfo.InvariantCulture, $"incident {i}"),
                Thresholds = [new ReviewThresholdSpec { Approve = 2, Deny = 1 }],
                Ttl = outcome == AccessRequestState.None ? Ttl : null,
            }).Id;
            foreach (var reviewer in reviewers)
            {
                server.SubmitReview(id, reviewer, outcome == AccessRequestState.Denied ? AccessRequestState.Denied : AccessRequestState.Approved, $"{reviewer} says so");
            }

            planned.Add(new Planned(id, reviewers, outcome));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        return planned;
    }

    private static bool Delivered(SlackApiFake slack, JiraApiFake jira, Planned p)
    {
        var roots = slack.RootMessages.Where(m => m.BlocksText.Contains(p.Id, StringComparison.Ordinal)).Select(m => m.Ts).ToHashSet(StringComparer.Ordinal);
        var finalEdits = slack.Updates.Count(u => roots.Contains(u.Ts) && ChatWorkload.StatusOf(u.BlocksText) == p.SlackStatus);
        var issue = jira.Issues.FirstOrDefault(i => RequestIdOf(i) == p.Id);
        return finalEdits >= Destinations.Length && issue is not null && issue.Status == p.JiraStatus && issue.Comments.Count == p.Reviewers.Length + 1;
    }

    private static string RequestIdOf(FakeJiraIssue issue) => JiraEndToEndTests.RequestIdOf(issue);

    private static string Sections(SlackApiFake slack, JiraApiFake jira) => $"""
        [slack]
        token = {JsonSerializer.Serialize(slack.Token)}
        api_url = {JsonSerializer.Serialize(slack.ApiUrl.ToString())}
        notify_requester = false
        [slack.role_to_recipients]
        "*" = ["general", "access-requests", "{Reviewer}"]

        {JiraEndToEndTests.Section(jira)}
        """;

    /// <summary>A request as planned: its reviewers and how it ends (None: it expires).</summary>
    private sealed record Planned(string Id, string[] Reviewers, AccessRequestState Outcome)
    {
        public string SlackStatus => Outcome switch
        {
            AccessRequestState.Approved => "✅ APPROVED",
            AccessRequestState.Denied => "❌ DENIED",
            _ => "⌛ EXPIRED",
        };

        public string JiraStatus => Outcome switch
        {
            AccessRequestState.Approved => "Approved",
            AccessRequestState.Denied => "Denied",
            _ => "Expired",
        };
    }
}
