using System.Text.Json;
using TeleportPlugins.Fakes.Teams;

namespace TeleportPlugins.EndToEnd.Tests.Messaging;

/// <summary>
/// The Teams adapter, installed from its build output, in two real host replicas against the simulator and one fake of
/// the identity platform, Graph and the Bot Framework Connector: one card per recipient (a user reached in the app's
/// 1:1 chat, installed for them on first use, and a channel), a reply per review, the card updated in place to its final
/// status, and the requester told the outcome, each exactly once.
/// </summary>
public sealed class TeamsEndToEndTests
{
    private const string TeamId = "2a7c4e1f-9b3d-4f6a-8c0e-5d1b7a3f9e24";
    private const string Channel = "19:e2e0channel@thread.tacv2";

    [Test]
    public async Task TwoReplicas_ApprovedDeniedAndExpiredRequestsWithWatchDrops_EachCardReplyUpdateAndRequesterMessageOnce()
    {
        await using var fake = await TeamsApiFake.StartAsync();
        var channelUrl = fake.AddChannel(TeamId, Channel);
        for (var i = 0; i < ChatWorkload.Count; i++)
        {
            fake.AddUser($"user{i}@example.com");
        }

        await using var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("teams");
        var section = TeamsSection.For(fake) + $"""
            preload = true
            [teams.role_to_recipients]
            "*" = ["bob@example.com", {JsonSerializer.Serialize(channelUrl)}]
            """;
        var a = await cluster.StartReplicaAsync("a", ["teams"], section);
        var b = await cluster.StartReplicaAsync("b", ["teams"], section);
        string[] targets = [TeamsApiFake.ChatId("bob@example.com"), Channel];

        var requests = ChatWorkload.Run(cluster.Server);
        await ChatWorkload.WaitForSimulatorAsync(cluster.Server, requests);
        var resolved = requests.Where(r => r.Outcome != ChatOutcome.Expired).ToList();
        await ChatWorkload.WaitAsync(
            () => fake.Cards.Count(c => ChatWorkload.StatusOf(c.Content) is "✅ APPROVED" or "❌ DENIED" or "⌛ EXPIRED") >= requests.Count * targets.Length
                && resolved.All(r => fake.Activities.Any(x => x.ConversationId == TeamsApiFake.ChatId(r.User))),
            () => $"{fake.Activities.Count} activities");
        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a duplicate to show up
        ChatWorkload.ReportShares(a, b);

        var activities = fake.Activities;
        Assert.Multiple(() =>
        {
            foreach (var request in requests)
            {
                foreach (var target in targets)
                {
                    var cards = activities.Where(x => x.ConversationId == target && x.IsCard && x.Content.Contains($"**ID**: {request.Id}", StringComparison.Ordinal)).ToList();
                    Assert.That(cards, Has.Count.EqualTo(1), $"one card for {request.Id} in {target}");
                    if (cards.Count != 1)
                    {
                        continue;
                    }

                    var card = cards[0];
                    var replies = activities.Where(x => x.ReplyTo == card.Id).Select(x => ChatWorkload.ReviewAuthorOf(x.Content)).ToList();
                    Assert.That(replies, Is.EquivalentTo(request.Reviewers), $"one reply per review of {request.Id} in {target}");
                    Assert.That(card.Updates, Is.InRange(1, request.Reviewers.Count + 1), $"updated in place at most once per review and once at the end, {request.Id} in {target}");
                    Assert.That(ChatWorkload.StatusOf(card.Content), Is.EqualTo(request.FinalStatus), $"{request.Id} in {target} ends {request.FinalStatus}");
                    Assert.That(card.Content, Does.Contain("**Reviews**:"), $"the card of {request.Id} lists its reviews");
                    Assert.That(card.OpenUrl?.ToString(), Does.EndWith($"/web/requests/{request.Id}"), $"the card of {request.Id} opens it in the Web UI");
                }

                var told = activities.Where(x => x.ConversationId == TeamsApiFake.ChatId(request.User)).ToList();
                Assert.That(told, Has.Count.EqualTo(request.Outcome == ChatOutcome.Expired ? 0 : 1), $"the requester of {request.Id} told the outcome once");
                Assert.That(told.Select(x => x.Content), Is.All.Contain(request.FinalStatus));
            }

            var expected = (requests.Count * targets.Length) + (requests.Sum(r => r.Reviewers.Count) * targets.Length) + resolved.Count;
            Assert.That(activities, Has.Count.EqualTo(expected), "nothing else was sent");
            Assert.That(fake.Server.Unmatched, Is.Empty, "no call the fake does not know");
            Assert.That(a.Log + b.Log, Does.Not.Contain(fake.Secret), "the secret is never logged");
        });
    }
}
