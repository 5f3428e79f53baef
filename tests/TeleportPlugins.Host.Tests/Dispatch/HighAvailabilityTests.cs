using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Host.Tests.Support.EngineTestKit;

namespace TeleportPlugins.Host.Tests.Dispatch;

public sealed class HighAvailabilityTests
{
    // Requests created after the replicas started have their first step claimed from a guessed empty entry, older ones
    // are read first; both race the other replica's claims, and every later step claims from a record that may be stale.
    [TestCase(false)]
    [TestCase(true)]
    public async Task TwoReplicas_500RequestsRandomReviewsAndDrops_ExactlyOneCallPerStepAcrossReplicas(bool createdAfterStart)
    {
        var random = new Random(4242);
        var cluster = new FakeTeleportCluster { Threshold = 2 };
        RecordingAdapter[] replicaA = [Jittery("slack"), Jittery("jira")];
        RecordingAdapter[] replicaB = [Jittery("slack"), Jittery("jira")];
        await using var a = Start(cluster.Connect(), replicaA, replica: "replica-a");
        await using var b = Start(cluster.Connect(), replicaB, replica: "replica-b");
        await WaitUntilAsync(() => cluster.ListCalls >= 2, "both replicas reconciled");

        var ids = Enumerable.Range(0, 500).Select(i => $"req-{i:000}").ToList();
        var reviewers = new[] { "bob", "carol", "dave" };
        var final = new Dictionary<string, AccessRequestSnapshot>();
        var pending = new List<(string Id, string Author, AccessRequestState State)>();
        foreach (var id in ids)
        {
            var request = SampleRequests.Pending(id);
            final[id] = cluster.Create(createdAfterStart ? request with { Created = DateTimeOffset.UtcNow.AddMinutes(10) } : request);
            var count = random.Next(0, 4);
            pending.AddRange(reviewers.Take(count).Select(r => (id, r, random.Next(3) == 0 ? AccessRequestState.Denied : AccessRequestState.Approved)));
        }

        // Reviews in random order across requests (order within a request is its commit order), with drops.
        foreach (var (review, index) in pending.OrderBy(_ => random.Next()).Select((r, i) => (r, i)))
        {
            // Teleport refuses reviews of a resolved request.
            if (!final[review.Id].IsResolved)
            {
                final[review.Id] = cluster.Review(review.Id, review.Author, review.State);
            }

            if (index % 97 == 0)
            {
                cluster.DropStreams();
                await Task.Yield();
            }
        }

        int Expected(string id) => 1 + final[id].Reviews.Count + (final[id].IsResolved ? 1 : 0);
        int Delivered(string adapter, string id) => replicaA.Concat(replicaB).Where(x => x.Name == adapter).Sum(x => x.StepsOf(id).Count);
        await WaitUntilAsync(() => ids.All(id => Delivered("slack", id) >= Expected(id) && Delivered("jira", id) >= Expected(id)), "every step was delivered");
        await WaitIdleAsync(a, b);

        foreach (var adapter in new[] { "slack", "jira" })
        {
            foreach (var id in ids)
            {
                var steps = replicaA.Concat(replicaB).Where(x => x.Name == adapter).SelectMany(x => x.StepsOf(id)).ToList();
                var expected = new List<string> { "created" };
                expected.AddRange(final[id].Reviews.Select((_, i) => $"review:{i}"));
                if (final[id].IsResolved)
                {
                    expected.Add($"resolved:{final[id].State}");
                }

                Assert.That(steps, Is.EquivalentTo(expected), $"{adapter} {id}");
            }
        }

        Assert.That(replicaA.Sum(x => x.Calls), Is.GreaterThan(0), "replica A did work");
        Assert.That(replicaB.Sum(x => x.Calls), Is.GreaterThan(0), "replica B did work");
    }

    // Calls that take a little (real) while interleave the replicas, so both win some claims and lose others.
    private static RecordingAdapter Jittery(string name) => new(name) { Hook = (_, _, token) => Task.Delay(Random.Shared.Next(0, 3), token) };
}
