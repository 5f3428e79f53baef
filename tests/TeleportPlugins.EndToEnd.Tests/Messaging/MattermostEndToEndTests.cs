using System.Text.Json;
using TeleportPlugins.Fakes.Mattermost;

namespace TeleportPlugins.EndToEnd.Tests.Messaging;

/// <summary>
/// The Mattermost adapter, installed from its build output, in two real host replicas against the simulator and one
/// fake Mattermost: posts, thread replies, edits and the requester's direct messages, each exactly once.
/// </summary>
public sealed class MattermostEndToEndTests
{
    private static readonly string[] Channels = ["chan-access", "chan-second"];

    [Test]
    public async Task TwoReplicas_ApprovedDeniedAndExpiredRequestsWithWatchDrops_EachPostReplyEditAndDirectMessageOnce()
    {
        await using var fake = await MattermostApiFake.StartAsync();
        fake.AddChannel("ops", "second", "chan-second");
        for (var i = 0; i < ChatWorkload.Count; i++)
        {
            fake.AddUser($"user{i}@example.com", UserId(i));
        }

        await using var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("mattermost");
        var section = $"""
            [mattermost]
            url = {JsonSerializer.Serialize(fake.Url.ToString())}
            token = {JsonSerializer.Serialize(fake.Token)}
            recipients = ["ops/access", "ops/second"]
            """;
        var a = await cluster.StartReplicaAsync("a", ["mattermost"], section);
        var b = await cluster.StartReplicaAsync("b", ["mattermost"], section);

        var requests = ChatWorkload.Run(cluster.Server);
        await ChatWorkload.WaitForSimulatorAsync(cluster.Server, requests);
        var finalEdits = requests.Count * Channels.Length;
        var directMessages = requests.Count(r => r.Outcome != ChatOutcome.Expired);
        await ChatWorkload.WaitAsync(
            () => fake.RootPosts.Count(p => ChatWorkload.StatusOf(p.Message) is "✅ APPROVED" or "❌ DENIED" or "⌛ EXPIRED") >= finalEdits
                && fake.RootPosts.Count(p => p.ChannelId.StartsWith("dm-", StringComparison.Ordinal)) >= directMessages,
            () => $"{fake.Posts.Count} posts");
        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a duplicate to show up
        ChatWorkload.ReportShares(a, b);

        var posts = fake.Posts;
        Assert.Multiple(() =>
        {
            foreach (var request in requests)
            {
                foreach (var channel in Channels)
                {
                    var roots = posts.Where(p => p.ChannelId == channel && p.RootId.Length == 0 && p.Message.Contains(request.Id, StringComparison.Ordinal)).ToList();
                    Assert.That(roots, Has.Count.EqualTo(1), $"one post for {request.Id} in {channel}");
                    if (roots.Count != 1)
                    {
                        continue;
                    }

                    var root = roots[0];
                    var replies = posts.Where(p => p.RootId == root.Id).Select(p => ChatWorkload.ReviewAuthorOf(p.Message)).ToList();
                    Assert.That(replies, Is.EquivalentTo(request.Reviewers), $"one thread reply per review of {request.Id} in {channel}");
                    Assert.That(root.Edits, Is.InRange(1, request.Reviewers.Count + 1), $"at most one edit per review (one a later step supersedes is left out) and one final edit of {request.Id} in {channel}");
                    Assert.That(ChatWorkload.StatusOf(root.Message), Is.EqualTo(request.FinalStatus), $"{request.Id} in {channel} ends {request.FinalStatus}");
                }

                var direct = posts.Where(p => p.ChannelId == MattermostApiFake.DirectChannelOf(UserId(request.Index))).ToList();
                if (request.Outcome == ChatOutcome.Expired)
                {
                    Assert.That(direct, Is.Empty, $"no direct message for expired {request.Id}");
                }
                else
                {
                    Assert.That(direct, Has.Count.EqualTo(1), $"one direct message to the requester of {request.Id}");
                    Assert.That(direct.Select(p => p.Message), Has.All.Contains(request.Id).And.All.Contains(request.FinalStatus));
                }
            }

            var expected = (requests.Count * Channels.Length) + (requests.Sum(r => r.Reviewers.Count) * Channels.Length) + directMessages;
            Assert.That(posts, Has.Count.EqualTo(expected), "nothing else was posted");
            Assert.That(fake.Server.Unmatched, Is.Empty, "no call the fake Mattermost does not know");
        });
    }

    private static string UserId(int index) => $"user{index:D2}xxxxxxxxxxxxxxxxxxxxx";
}
