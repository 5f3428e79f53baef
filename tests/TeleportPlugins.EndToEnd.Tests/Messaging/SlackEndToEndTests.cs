using System.Text.Json;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Slack;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.EndToEnd.Tests.Messaging;

/// <summary>
/// The Slack adapter, installed from its build output, in two real host replicas against the simulator and one fake
/// Slack: messages, thread replies, edits and the requester's direct messages, each exactly once.
/// </summary>
public sealed class SlackEndToEndTests
{
    private static readonly string[] Channels = ["C0GENERAL", "C0ACCESS"];

    [Test]
    public async Task TwoReplicas_ApprovedDeniedAndExpiredRequestsWithWatchDrops_EachMessageReplyEditAndDirectMessageOnce()
    {
        await using var fake = await SlackApiFake.StartAsync();
        fake.AddChannel("access-requests", "C0ACCESS");
        for (var i = 0; i < ChatWorkload.Count; i++)
        {
            fake.AddUser($"user{i}@example.com", UserId(i));
        }

        await using var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("slack");
        var section = $"""
            [slack]
            token = {JsonSerializer.Serialize(fake.Token)}
            api_url = {JsonSerializer.Serialize(fake.ApiUrl.ToString())}
            [slack.role_to_recipients]
            "*" = ["general", "access-requests"]
            """;
        var a = await cluster.StartReplicaAsync("a", ["slack"], section);
        var b = await cluster.StartReplicaAsync("b", ["slack"], section);

        var requests = ChatWorkload.Run(cluster.Server);
        await ChatWorkload.WaitForSimulatorAsync(cluster.Server, requests);
        var finalEdits = requests.Count * Channels.Length;
        var directMessages = requests.Count(r => r.Outcome != ChatOutcome.Expired);
        await ChatWorkload.WaitAsync(
            () => fake.Updates.Count(u => ChatWorkload.StatusOf(u.BlocksText) is "✅ APPROVED" or "❌ DENIED" or "⌛ EXPIRED") >= finalEdits
                && fake.RootMessages.Count(m => m.Channel.StartsWith('D')) >= directMessages,
            () => $"{fake.Messages.Count} messages, {fake.Updates.Count} edits");
        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a duplicate to show up
        ChatWorkload.ReportShares(a, b);

        var messages = fake.Messages;
        var updates = fake.Updates;
        Assert.Multiple(() =>
        {
            foreach (var request in requests)
            {
                foreach (var channel in Channels)
                {
                    var roots = messages.Where(m => m.Channel == channel && m.ThreadTs is null && m.BlocksText.Contains(request.Id, StringComparison.Ordinal)).ToList();
                    Assert.That(roots, Has.Count.EqualTo(1), $"one message for {request.Id} in {channel}");
                    if (roots.Count != 1)
                    {
                        continue;
                    }

                    var root = roots[0];
                    var replies = messages.Where(m => m.Channel == channel && m.ThreadTs == root.Ts).Select(m => ChatWorkload.ReviewAuthorOf(m.Text)).ToList();
                    Assert.That(replies, Is.EquivalentTo(request.Reviewers), $"one thread reply per review of {request.Id} in {channel}");

                    var edits = updates.Where(u => u.Channel == channel && u.Ts == root.Ts).Select(u => ChatWorkload.StatusOf(u.BlocksText)).ToList();
                    Assert.That(edits, Has.Count.InRange(1, request.Reviewers.Count + 1), $"at most one edit per review (one a later step supersedes is left out) and one final edit of {request.Id} in {channel}");
                    Assert.That(edits.Count(s => s == request.FinalStatus), Is.EqualTo(1), $"{request.FinalStatus} applied once to {request.Id} in {channel}");
                    Assert.That(edits.LastOrDefault(), Is.EqualTo(request.FinalStatus), $"{request.Id} in {channel} ends {request.FinalStatus}");
                }

                var direct = messages.Where(m => m.Channel == SlackApiFake.DirectChannelOf(UserId(request.Index))).ToList();
                if (request.Outcome == ChatOutcome.Expired)
                {
                    Assert.That(direct, Is.Empty, $"no direct message for expired {request.Id}");
                }
                else
                {
                    Assert.That(direct, Has.Count.EqualTo(1), $"one direct message to the requester of {request.Id}");
                    Assert.That(direct.Select(m => m.Text), Has.All.Contains(request.Id).And.All.Contains(request.FinalStatus));
                }
            }

            var expected = (requests.Count * Channels.Length) + (requests.Sum(r => r.Reviewers.Count) * Channels.Length) + directMessages;
            Assert.That(messages, Has.Count.EqualTo(expected), "nothing else was posted");
            Assert.That(fake.Server.Unmatched, Is.Empty, "no call the fake Slack does not know");
        });
    }

    [Test]
    public async Task RateLimitedLongerThanTheRequestLives_ExpiredRequestStillPostedOnceAndMarkedExpired()
    {
        await using var fake = await SlackApiFake.StartAsync();
        fake.AddChannel("access-requests", "C0ACCESS");

        // 429 with Retry-After 3 s for the first three posts: the announcement cannot go out before the 4 s TTL ends.
        fake.RateLimitPosts(count: 3, retryAfterSeconds: 3);
        await using var cluster = await EndToEndCluster.StartAsync();
        var replica = await StartPostingToAccessRequestsAsync(cluster, fake);

        var id = cluster.Server.CreateRequest(new NewAccessRequest { User = "alice@example.com", Roles = ["db"], Ttl = TimeSpan.FromSeconds(4) }).Id;
        await ChatWorkload.WaitAsync(
            () => fake.Updates.Any(u => u.BlocksText.Contains(id, StringComparison.Ordinal) && ChatWorkload.StatusOf(u.BlocksText) == "⌛ EXPIRED"),
            () => $"{fake.Messages.Count} messages, {fake.Updates.Count} edits, simulator has it: {cluster.Server.GetRequest(id) is not null}");
        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a duplicate to show up

        var roots = fake.RootMessages.Where(m => m.BlocksText.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.That(cluster.Server.GetRequest(id), Is.Null, "the simulator deleted the request at its TTL");
        Assert.That(roots, Has.Count.EqualTo(1), "announced once after it expired");
        Assert.That(roots.Single().Channel, Is.EqualTo("C0ACCESS"));
        Assert.That(fake.Updates.Count(u => u.Ts == roots.Single().Ts && ChatWorkload.StatusOf(u.BlocksText) == "⌛ EXPIRED"), Is.EqualTo(1));
        Assert.That(replica.Log, Does.Not.Contain("given up for good"));
    }

    [Test]
    public async Task AnswerLostAfterThePost_RetryFindsTheMessageAndPostsNothingTwice()
    {
        await using var fake = await SlackApiFake.StartAsync();
        fake.AddChannel("access-requests", "C0ACCESS");

        // Slack posts the announcement, but the answer never reaches the host: the connection drops.
        fake.Server.LoseAnswers("POST", "/api/chat.postMessage");
        await using var cluster = await EndToEndCluster.StartAsync();
        var replica = await StartPostingToAccessRequestsAsync(cluster, fake);

        var id = cluster.Server.CreateRequest(new NewAccessRequest { User = "alice@example.com", Roles = ["db"], Thresholds = [new ReviewThresholdSpec { Approve = 1, Deny = 1 }] }).Id;
        await ChatWorkload.WaitAsync(() => fake.RootMessages.Any(m => m.BlocksText.Contains(id, StringComparison.Ordinal)), () => $"{fake.Messages.Count} messages");
        cluster.Server.SubmitReview(id, "bob", AccessRequestState.Approved, "bob says so");
        await ChatWorkload.WaitAsync(
            () => fake.Updates.Any(u => u.BlocksText.Contains(id, StringComparison.Ordinal) && ChatWorkload.StatusOf(u.BlocksText) == "✅ APPROVED"),
            () => $"{fake.Messages.Count} messages, {fake.Updates.Count} edits");
        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a duplicate to show up

        var roots = fake.RootMessages.Where(m => m.Channel == "C0ACCESS" && m.BlocksText.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.That(roots, Has.Count.EqualTo(1), "the retry found the message whose answer was lost instead of posting it again");
        Assert.That(fake.Server.RequestsTo("POST", "/api/chat.postMessage").Count(r => r.Body.Contains(id, StringComparison.Ordinal) && !r.Body.Contains("thread_ts", StringComparison.Ordinal)), Is.EqualTo(1), "posted once");
        Assert.That(replica.Log, Does.Contain("resumes an attempt at created"), "the retry was told to look (event 2215)");
    }

    private static string UserId(int index) => $"U0USER{index:D2}";

    /// <summary>One replica with the shipped Slack adapter, every request to #access-requests.</summary>
    private static Task<EndToEndCluster.Replica> StartPostingToAccessRequestsAsync(EndToEndCluster cluster, SlackApiFake fake)
    {
        cluster.InstallShippedAdapter("slack");
        return cluster.StartReplicaAsync("a", ["slack"], $"""
            [slack]
            token = {JsonSerializer.Serialize(fake.Token)}
            api_url = {JsonSerializer.Serialize(fake.ApiUrl.ToString())}
            [slack.role_to_recipients]
            "*" = ["access-requests"]
            """);
    }
}
