using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.EndToEnd.Tests;

/// <summary>
/// The whole host (the real <c>start</c>: credentials, dialing, gRPC over HTTP/2, watcher, state in plugin data,
/// dispatcher) against the simulator, with adapters loaded from their folders.
/// </summary>
public sealed class EngineEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Test]
    public async Task Steps_OfOneRequest_ArriveInOrder()
    {
        await using var cluster = await StartAsync();
        var journal = cluster.Directory + "/a.jsonl";
        await cluster.StartReplicaAsync("a", ["jsonl"], Jsonl(journal));

        var id = cluster.Server.CreateRequest(new NewAccessRequest { User = "alice", Roles = ["db"], Thresholds = [new ReviewThresholdSpec { Approve = 2, Deny = 2 }] }).Id;
        cluster.Server.SubmitReview(id, "bob", AccessRequestState.Approved, "ok");
        cluster.Server.SubmitReview(id, "carol", AccessRequestState.Approved, "ok too");
        await WaitAsync(() => Journal.Read(journal).For(id).Count() == 4);

        var steps = Journal.Read(journal).For(id).Select(e => (e.Step, e.Author ?? e.Resolution)).ToList();
        Assert.That(steps, Is.EqualTo(new[] { ("created", (string?)null), ("reviewed", "bob"), ("reviewed", "carol"), ("resolved", "APPROVED") }));
    }

    [Test]
    public async Task RequestsMadeWhileTheHostWasStopped_DeliveredAfterStart()
    {
        await using var cluster = await StartAsync();
        var journal = cluster.Directory + "/a.jsonl";
        var replica = await cluster.StartReplicaAsync("a", ["jsonl"], Jsonl(journal));
        Assert.That(await replica.StopAsync(), Is.Zero);

        var pending = cluster.Server.CreateRequest(new NewAccessRequest { User = "p", Roles = ["db"], Thresholds = [new ReviewThresholdSpec { Approve = 2 }] }).Id;
        var reviewed = cluster.Server.CreateRequest(new NewAccessRequest { User = "r", Roles = ["db"], Thresholds = [new ReviewThresholdSpec { Approve = 2 }] }).Id;
        cluster.Server.SubmitReview(reviewed, "bob", AccessRequestState.Approved, "fine");
        var approved = cluster.Server.CreateRequest(new NewAccessRequest { User = "a", Roles = ["db"] }).Id;
        cluster.Server.SubmitReview(approved, "bob", AccessRequestState.Approved, "fine");
        await replica.StartAsync();
        await WaitAsync(() => Journal.Read(journal).Entries.Count == 6);

        var read = Journal.Read(journal);
        Assert.That(read.For(pending).Select(e => e.Step), Is.EqualTo(new[] { "created" }));
        Assert.That(read.For(reviewed).Select(e => e.Step), Is.EqualTo(new[] { "created", "reviewed" }));
        Assert.That(read.For(approved).Select(e => e.Step), Is.EqualTo(new[] { "created", "reviewed", "resolved" }));
    }

    [Test]
    public async Task WatchDroppedAgainAndAgainMidBurst_LosesNothing()
    {
        await using var cluster = await StartAsync();
        var journal = cluster.Directory + "/a.jsonl";
        await cluster.StartReplicaAsync("a", ["jsonl"], Jsonl(journal));

        var ids = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            ids.Add(cluster.Server.CreateRequest(new NewAccessRequest { User = $"u{i}", Roles = ["db"] }).Id);
            if (i % 10 == 5)
            {
                cluster.Server.DropWatchStreams();
            }
        }

        await WaitAsync(() => Journal.Read(journal).Count("created") >= 100);
        await Task.Delay(500);

        var created = Journal.Read(journal).Entries.Where(e => e.Step == "created").Select(e => e.Id).ToList();
        Assert.That(created, Is.EquivalentTo(ids), "every request announced exactly once");
    }

    [Test]
    public async Task HangingAndThrowingAdapters_DelayNoOtherAdapter()
    {
        await using var cluster = await StartAsync();
        cluster.InstallAdapter(RepositoryPaths.Fixture("Fixture.AdapterA"), "fixture-a");
        cluster.InstallAdapter(RepositoryPaths.Fixture("Fixture.AdapterB"), "fixture-b");
        var journal = cluster.Directory + "/a.jsonl";
        await cluster.StartReplicaAsync("a", ["fixture-a", "fixture-b", "jsonl"], Jsonl(journal) + $"""

            [fixture-a]
            output = "{cluster.Directory}/hang.txt"
            misbehave = "hang"
            [fixture-b]
            output = "{cluster.Directory}/throw.txt"
            misbehave = "throw"
            """);

        var ids = Enumerable.Range(0, 20).Select(i => cluster.Server.CreateRequest(new NewAccessRequest { User = $"u{i}", Roles = ["db"] }).Id).ToList();
        foreach (var id in ids)
        {
            cluster.Server.SubmitReview(id, "bob", AccessRequestState.Approved, "ok");
        }

        await WaitAsync(() => Journal.Read(journal).Count("resolved") == 20);

        var read = Journal.Read(journal);
        Assert.That(ids.Select(id => read.For(id).Select(e => e.Step).ToList()), Is.All.EqualTo(new[] { "created", "reviewed", "resolved" }));
        Assert.That(File.Exists(cluster.Directory + "/hang.txt"), Is.False, "the hanging adapter is still stuck in its first calls");
        Assert.That(File.Exists(cluster.Directory + "/throw.txt"), Is.False);
    }

    [Test]
    public async Task TwoReplicas_500RequestsInRandomOrderWithDrops_NoDuplicateAndNothingLost()
    {
        await using var cluster = await StartAsync();
        var journals = new[] { cluster.Directory + "/a.jsonl", cluster.Directory + "/b.jsonl" };
        await cluster.StartReplicaAsync("a", ["jsonl"], Jsonl(journals[0]));
        await cluster.StartReplicaAsync("b", ["jsonl"], Jsonl(journals[1]));
        var random = new Random(4711);
        var expectedReviews = new Dictionary<string, List<string>>();
        var ids = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            var id = cluster.Server.CreateRequest(new NewAccessRequest { User = $"u{i}", Roles = ["db"], Thresholds = [new ReviewThresholdSpec { Approve = 2, Deny = 1 }] }).Id;
            ids.Add(id);
            expectedReviews[id] = [];
        }

        // Reviews in random order across requests, with watch drops in between.
        var work = ids.SelectMany(id => new[] { (id, "bob"), (id, "carol") }).OrderBy(_ => random.Next()).ToList();
        for (var i = 0; i < work.Count; i++)
        {
            var (id, author) = work[i];
            var request = cluster.Server.GetRequest(id)!;
            if (request.State != AccessRequestState.Pending)
            {
                continue;
            }

            var state = random.Next(5) == 0 ? AccessRequestState.Denied : AccessRequestState.Approved;
            cluster.Server.SubmitReview(id, author, state, "r");
            expectedReviews[id].Add(author);
            if (i % 100 == 50)
            {
                cluster.Server.DropWatchStreams();
            }
        }

        await WaitAsync(() => Journal.Read(journals).Count("resolved") >= 500, TimeSpan.FromMinutes(5));
        await Task.Delay(1000);

        var read = Journal.Read(journals);
        Assert.Multiple(() =>
        {
            Assert.That(read.Entries.Where(e => e.Step == "created").Select(e => e.Id), Is.EquivalentTo(ids), "one root message per request");
            Assert.That(read.Entries.Where(e => e.Step == "resolved").Select(e => e.Id), Is.EquivalentTo(ids), "one resolution per request");
            foreach (var id in ids)
            {
                Assert.That(read.For(id).Where(e => e.Step == "reviewed").Select(e => e.Author), Is.EquivalentTo(expectedReviews[id]), $"one reply per review of {id}");
            }

        });
        TestContext.Progress.WriteLine($"replica a wrote {Journal.Read(journals[0]).Entries.Count} lines, replica b {Journal.Read(journals[1]).Entries.Count}");
    }

    private static string Jsonl(string journal) => $"""
        [jsonl]
        path = "{journal}"
        """;

    private static async Task<EndToEndCluster> StartAsync()
    {
        var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("jsonl");
        return cluster;
    }

    private static Task WaitAsync(Func<bool> condition, TimeSpan? limit = null) => Eventually.HoldsAsync(condition, limit ?? Patience);
}
