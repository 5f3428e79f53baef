using System.Text.Json;
using TeleportPlugins.Fakes.Discord;

namespace TeleportPlugins.EndToEnd.Tests.Messaging;

/// <summary>
/// The Discord adapter, installed from its build output, in two real host replicas against the simulator and one fake
/// Discord: messages, replies and edits, each exactly once (Discord has no requester notification: no e-mail lookup).
/// </summary>
public sealed class DiscordEndToEndTests
{
    private static readonly string[] Channels = ["100000000000000001", "100000000000000002"];

    [Test]
    public async Task TwoReplicas_ApprovedDeniedAndExpiredRequestsWithWatchDrops_EachMessageReplyAndEditOnce()
    {
        await using var fake = await DiscordApiFake.StartAsync();
        await using var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("discord");
        var section = $"""
            [discord]
            token = {JsonSerializer.Serialize(fake.Token)}
            api_url = {JsonSerializer.Serialize(fake.ApiUrl.ToString())}
            [discord.role_to_recipients]
            "*" = [{string.Join(", ", Channels.Select(c => JsonSerializer.Serialize(c)))}]
            """;
        var a = await cluster.StartReplicaAsync("a", ["discord"], section);
        var b = await cluster.StartReplicaAsync("b", ["discord"], section);

        var requests = ChatWorkload.Run(cluster.Server);
        await ChatWorkload.WaitForSimulatorAsync(cluster.Server, requests);
        var finalEdits = requests.Count * Channels.Length;
        await ChatWorkload.WaitAsync(
            () => fake.RootMessages.Count(m => ChatWorkload.StatusOf(m.Content) is "✅ APPROVED" or "❌ DENIED" or "⌛ EXPIRED") >= finalEdits,
            () => $"{fake.Messages.Count} messages");
        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a duplicate to show up
        ChatWorkload.ReportShares(a, b);

        var messages = fake.Messages;
        Assert.Multiple(() =>
        {
            foreach (var request in requests)
            {
                foreach (var channel in Channels)
                {
                    var roots = messages.Where(m => m.ChannelId == channel && m.ReplyTo is null && m.Content.Contains(request.Id, StringComparison.Ordinal)).ToList();
                    Assert.That(roots, Has.Count.EqualTo(1), $"one message for {request.Id} in {channel}");
                    if (roots.Count != 1)
                    {
                        continue;
                    }

                    var root = roots[0];
                    var replies = messages.Where(m => m.ReplyTo == root.Id).Select(m => ChatWorkload.ReviewAuthorOf(m.Content)).ToList();
                    Assert.That(replies, Is.EquivalentTo(request.Reviewers), $"one reply per review of {request.Id} in {channel}");
                    Assert.That(root.Edits, Is.InRange(1, request.Reviewers.Count + 1), $"at most one edit per review (one a later step supersedes is left out) and one final edit of {request.Id} in {channel}");
                    Assert.That(ChatWorkload.StatusOf(root.Content), Is.EqualTo(request.FinalStatus), $"{request.Id} in {channel} ends {request.FinalStatus}");
                }
            }

            var expected = (requests.Count * Channels.Length) + (requests.Sum(r => r.Reviewers.Count) * Channels.Length);
            Assert.That(messages, Has.Count.EqualTo(expected), "nothing else was posted");
            Assert.That(fake.Server.Unmatched, Is.Empty, "no call the fake Discord does not know");
        });
    }
}
