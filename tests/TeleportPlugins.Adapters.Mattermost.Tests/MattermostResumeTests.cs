using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Mattermost;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Mattermost.Tests;

/// <summary>
/// Exactly once across a crash (issue 15 point 4): a step whose earlier attempt reached Mattermost but was never
/// recorded (<see cref="AdapterHarness.LoseLastAttempt"/>) finds what it posted by the post's props among the channel's
/// posts since the claim, instead of posting again, and records it so that later steps edit it.
/// </summary>
public sealed class MattermostResumeTests
{
    private const string PostsSincePath = "/api/v4/channels/chan-access/posts";
    private MattermostApiFake _fake = null!;
    private FakeTimeProvider _clock = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await MattermostApiFake.StartAsync();
        _fake.AddUser("alice@example.com", "user-alice");
        _fake.AddUser("bob@example.com", "user-bob");
        _fake.AddUser("carol@example.com", "user-carol");
        _clock = new FakeTimeProvider();
        _fake.UseClock(_clock);
        var options = new MattermostOptions { Url = _fake.Url, Token = _fake.Token, Recipients = ["ops/access", "bob@example.com", "carol@example.com"] };
        _h = new AdapterHarness(new MattermostAdapterFactory(), options, _clock, RoleToRecipients.Empty, beforeEachStep: () => _clock.Advance(TimeSpan.FromSeconds(1)));
    }

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task Created_PostsLostAfterCreating_Resumed_FindsEachByProps_AndLaterStepsEditThem()
    {
        var request = SampleRequests.Pending();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var posted = _fake.RootPosts;
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.RootPosts, Is.EqualTo(posted), "one post per destination");
        Assert.That(_h.State.Get("messages"), Is.EqualTo(string.Join(',', posted.Select(p => $"{p.ChannelId}/{p.Id}"))));
        Assert.That(posted[0].Props, Is.EqualTo("{\"teleport_access_request\":\"0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10/created:chan-access\"}"));
        Assert.That(_fake.Server.RequestsTo("GET", PostsSincePath).Single().Query, Is.EqualTo("?since=1795262101000"), "the claim at 12:00:01 less five minutes, in ms");

        Assert.That(await _h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "ok")), Is.Null);
        Assert.That(_fake.RootPosts.Where(p => posted.Any(q => q.Id == p.Id)).Select(p => p.Edits), Is.EqualTo(new[] { 1, 1, 1 }));
    }

    [Test]
    public async Task Created_BusyChannel_MoreThanTheSinceLimit_FoundOnTheNewestPages()
    {
        var request = SampleRequests.Pending();
        _fake.AddChatter("chan-access", 1000);
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var posted = _fake.RootPosts.Where(p => p.Message != "chatter").ToList();
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.RootPosts.Where(p => p.Message != "chatter"), Is.EqualTo(posted), "one post per destination");
        Assert.That(_fake.Server.RequestsTo("GET", PostsSincePath).Select(r => r.Query), Is.EqualTo(new[] { "?since=1795262101000", "?page=0&per_page=200" }));
    }

    [Test]
    public async Task ReviewAdded_RepliesLostAfterCreating_Resumed_FindsThemByRootAndProps_OneReplyPerPost()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);
        var review = request.WithReview("reviewer1@example.com", AccessRequestState.Denied, "too broad");
        Assert.That(await _h.ReviewAsync(review), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(review), Is.Null);

        var replies = _fake.Posts.Where(p => p.RootId.Length > 0).ToList();
        Assert.That(replies.Select(r => r.RootId), Is.EqualTo(_fake.RootPosts.Select(p => p.Id)));
        Assert.That(replies.Select(r => r.Props), Is.All.Contains("/review:0"));
    }

    [Test]
    public async Task Created_BusyChannel_AttemptPostedNothing_Resumed_PagesStopAtTheClaimOnTheServersClock()
    {
        var request = SampleRequests.Pending();
        _fake.AddChatter("chan-access", 1200);
        _clock.Advance(TimeSpan.FromMinutes(2));
        _fake.RateLimitPosts(3, 1);
        Assert.That(await _h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());
        _h.LoseLastAttempt();
        _clock.Advance(TimeSpan.FromSeconds(1));
        _fake.AddChatter("chan-access", 500);

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        // 500 posts since the claim fill pages 0 and 1 and half of page 2, which reaches the claim: the 1,200 posts of
        // the five minutes before it (the margin for skew the Date header made unnecessary) are never read.
        Assert.That(
            _fake.Server.RequestsTo("GET", PostsSincePath).Select(r => r.Query),
            Is.EqualTo(new[] { "?since=1795262221000", "?page=0&per_page=200", "?page=1&per_page=200", "?page=2&per_page=200" }));
        Assert.That(_fake.RootPosts.Where(p => p.Message != "chatter").Select(p => p.ChannelId), Is.EqualTo(new[] { "chan-access", "dm-user-bob", "dm-user-carol" }));
    }

    [Test]
    public async Task ReviewAdded_BusyChannel_Resumed_LooksInEachRootsThread_OneCallPerRoot()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);
        _fake.AddChatter("chan-access", 1500);
        var review = request.WithReview("reviewer1@example.com", AccessRequestState.Denied, "too broad");
        Assert.That(await _h.ReviewAsync(review), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(review), Is.Null);

        var roots = _fake.RootPosts.Where(p => p.Message != "chatter").Select(p => p.Id).ToList();
        Assert.That(_fake.Posts.Where(p => p.RootId.Length > 0).Select(r => r.RootId), Is.EqualTo(roots), "one reply per post");
        Assert.That(_fake.Server.RequestsTo("GET", PostsSincePath), Is.Empty, "no channel scan");
        Assert.That(roots.Select(id => _fake.Server.RequestsTo("GET", $"/api/v4/posts/{id}/thread").Count), Is.All.EqualTo(1));
    }

    [Test]
    public async Task Created_TwoOfThreePostedThenCrash_Resumed_PostsOnlyTheMissingOne()
    {
        var request = SampleRequests.Pending();
        _fake.RateLimitPosts(1, 1, afterSuccesses: 2);
        Assert.That(await _h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());
        Assert.That(_fake.RootPosts, Has.Count.EqualTo(2));
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.RootPosts.Select(p => p.ChannelId), Is.EqualTo(new[] { "chan-access", "dm-user-bob", "dm-user-carol" }));
        Assert.That(_h.State.Get("messages")!.Split(','), Has.Length.EqualTo(3));
    }

    [Test]
    public async Task Created_ResumedAfterAnAttemptThatPostedNothing_PostsOnce()
    {
        var request = SampleRequests.Pending();
        _fake.RateLimitPosts(3, 1);
        Assert.That(await _h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());
        Assert.That(_fake.Posts, Is.Empty);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.RootPosts, Has.Count.EqualTo(3));
        Assert.That(_fake.Server.RequestsTo("GET", PostsSincePath), Has.Count.EqualTo(1), "it looked before posting");
    }

    [Test]
    public async Task Resolved_RequesterMessageLost_Resumed_NoSecondDirectMessage()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);
        var resolved = request.Resolved(AccessRequestState.Approved, "ok");
        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);

        Assert.That(_fake.RootPosts.Count(p => p.ChannelId == "dm-user-alice"), Is.EqualTo(1));
    }

    [Test]
    public async Task EverySteps_NotResumed_MakeNoLookup()
    {
        var request = SampleRequests.Pending();

        await _h.CreatedAsync(request);
        await _h.ReviewAsync(request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "fine"));
        await _h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "ok"));

        Assert.That(_fake.Server.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/posts", StringComparison.Ordinal)), Is.Empty);
        Assert.That(_fake.Posts, Has.Count.EqualTo(7), "three posts, three replies, one direct message");
    }
}
