using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using static TeleportPlugins.Adapters.Slack.Tests.SlackHarness;

namespace TeleportPlugins.Adapters.Slack.Tests;

/// <summary>
/// Exactly once across a crash (issue 15 point 4): a step whose earlier attempt reached Slack but was never recorded
/// (<see cref="AdapterHarness.LoseLastAttempt"/>) finds what that attempt posted by its metadata instead of posting it
/// again, and records it so that later steps edit it.
/// </summary>
public sealed class SlackResumeTests
{
    private static readonly string[] HistoryMethods = ["/api/conversations.history", "/api/conversations.replies", "/api/conversations.open", "/api/conversations.list"];

    [Test]
    public async Task Created_RootsLostAfterPosting_ResumedOnAnotherReplica_FindsEachByMetadata_AndLaterStepsEditThem()
    {
        await using var h = await StartAsync(Recipients(("*", ["general", "bob@example.com"])));
        var request = SampleRequests.Pending();
        Assert.That(await h.CreatedAsync(request), Is.Null);
        var posted = h.Fake.RootMessages;
        h.Run.LoseLastAttempt();

        // A restarted process knows neither the channel name's ID nor the user's DM channel: it asks Slack for both.
        Assert.That(await h.CreatedAsync(request, h.CreateReplica()), Is.Null);

        Assert.That(h.Fake.RootMessages, Is.EqualTo(posted), "one message per destination");
        Assert.That(h.State.Get("messages"), Is.EqualTo(string.Join(',', posted.Select(m => $"{m.Channel}/{m.Ts}"))));
        Assert.That(h.Fake.Server.RequestsTo("GET", "/api/conversations.list"), Has.Count.EqualTo(1));
        Assert.That(h.Fake.Server.RequestsTo("POST", "/api/conversations.open").Single().Body, Does.Contain("U0BOB"));
        var history = h.Fake.Server.RequestsTo("GET", "/api/conversations.history");
        Assert.That(history.Select(r => r.Query), Has.All.Contain("include_all_metadata=true").And.All.Contain("oldest=1795262101.100000"), "the claim at 12:00:01.1 less five minutes");
        Assert.That(posted[0].Metadata, Does.Contain("\"event_type\":\"teleport_access_request\"").And.Contain("\"item\":\"created:general\""));

        Assert.That(await h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "ok")), Is.Null);
        Assert.That(h.Fake.Updates.Select(u => u.Ts), Is.EqualTo(posted.Select(m => m.Ts)));
    }

    [Test]
    public async Task ReviewAdded_RepliesLostAfterPosting_Resumed_FindsThemInTheThreads_OneReplyPerMessage()
    {
        await using var h = await StartAsync(Recipients(("*", ["general", "bob@example.com"])));
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);
        var review = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "fine");
        Assert.That(await h.ReviewAsync(review), Is.Null);
        h.Run.LoseLastAttempt();

        Assert.That(await h.ReviewAsync(review), Is.Null);

        var replies = h.Fake.Messages.Where(m => m.ThreadTs is not null).ToList();
        Assert.That(replies.Select(r => r.ThreadTs), Is.EqualTo(h.Fake.RootMessages.Where(m => m.Channel != "D0ALICE").Select(m => (string?)m.Ts)));
        Assert.That(replies, Has.All.Matches<Fakes.Slack.SlackPostedMessage>(r => r.Metadata!.Contains("\"item\":\"review:0\"", StringComparison.Ordinal)));
        Assert.That(h.Fake.Server.RequestsTo("GET", "/api/conversations.replies"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Created_TwoOfThreePostedThenCrash_Resumed_PostsOnlyTheMissingOne()
    {
        await using var h = await StartAsync(Recipients(("*", ["general", "bob@example.com", "alice@example.com"])));
        var request = SampleRequests.Pending();
        h.Fake.RateLimitPosts(1, 1, afterSuccesses: 2);
        Assert.That(await h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());
        Assert.That(h.Fake.RootMessages, Has.Count.EqualTo(2), "the third recipient got 429");
        h.Run.LoseLastAttempt();

        Assert.That(await h.CreatedAsync(request), Is.Null);

        Assert.That(h.Fake.RootMessages.Select(m => m.Channel), Is.EquivalentTo(new[] { "C0GENERAL", "D0BOB", "D0ALICE" }));
        Assert.That(SentMessagesCount(h), Is.EqualTo(3));
    }

    [Test]
    public async Task Created_ResumedAfterAnAttemptThatPostedNothing_PostsOnce()
    {
        await using var h = await StartAsync();
        var request = SampleRequests.Pending();
        h.Fake.FailWithServerError("chat.postMessage");
        Assert.That(await h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());
        h.Run.LoseLastAttempt();

        Assert.That(await h.CreatedAsync(request), Is.Null);

        Assert.That(h.Fake.RootMessages, Has.Count.EqualTo(1));
        Assert.That(h.Fake.Server.RequestsTo("GET", "/api/conversations.history"), Has.Count.EqualTo(1), "it looked before posting");
    }

    [Test]
    public async Task Resolved_RequesterMessageLost_Resumed_NoSecondDirectMessage()
    {
        await using var h = await StartAsync();
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);
        var resolved = request.Resolved(AccessRequestState.Approved, "ok");
        Assert.That(await h.ResolvedAsync(resolved), Is.Null);
        h.Run.LoseLastAttempt();

        Assert.That(await h.ResolvedAsync(resolved), Is.Null);

        Assert.That(h.Fake.RootMessages.Count(m => m.Channel == "D0ALICE"), Is.EqualTo(1));
        Assert.That(h.Fake.Updates, Has.Count.EqualTo(2), "the edit is repeated: it replaces the content");
    }

    [Test]
    public async Task EverySteps_NotResumed_MakeNoLookup()
    {
        await using var h = await StartAsync(Recipients(("*", ["general", "bob@example.com"])));
        var request = SampleRequests.Pending();

        await h.CreatedAsync(request);
        await h.ReviewAsync(request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "fine"));
        await h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "ok"));

        Assert.That(h.Fake.Server.Requests.Where(r => HistoryMethods.Contains(r.Path)), Is.Empty);
        Assert.That(h.Fake.Messages, Has.Count.EqualTo(5), "two roots, two replies, one direct message");
    }

    [Test]
    public async Task Created_ResumedWithoutTheHistoryScope_WarnsOnce_AndPostsAgain()
    {
        await using var h = await StartAsync();
        h.Fake.WithoutScope("channels:history");
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);
        h.Run.LoseLastAttempt();

        Assert.That(await h.CreatedAsync(request), Is.Null, "no failure loop");
        h.Run.LoseLastAttempt();
        Assert.That(await h.CreatedAsync(request), Is.Null);

        Assert.That(h.Fake.RootMessages, Has.Count.EqualTo(3), "at least once without the scope");
        var warnings = h.Host.Logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Does.Contain("missing_scope").And.Contain("channels:history").And.Not.Contain(h.Fake.Token));
    }

    private static int SentMessagesCount(SlackHarness h) => h.State.Get("messages")!.Split(',').Length;
}
