using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Mattermost;
using System.ComponentModel.DataAnnotations;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Adapters.Testing.AdapterHarness;

namespace TeleportPlugins.Adapters.Mattermost.Tests;

public sealed class MattermostAdapterTests
{
    private MattermostApiFake _fake = null!;
    private FakeTimeProvider _clock = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await MattermostApiFake.StartAsync();
        _fake.AddUser("alice@example.com", "user-alice");
        _fake.AddUser("bob@example.com", "user-bob");
        _clock = new FakeTimeProvider();
        _fake.UseClock(_clock);
        _h = Start(o => o.Recipients = ["ops/access", "bob@example.com"]);
    }

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task CheckHealth_ValidToken_Healthy()
    {
        var health = await _h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.True);
        Assert.That(health.Description, Does.Contain("Mattermost").And.Contain("teleport"));
        Assert.That(_fake.Server.RequestsTo("GET", "/api/v4/users/me").Single().Header("Authorization"), Is.EqualTo($"Bearer {_fake.Token}"));
    }

    [Test]
    public async Task CheckHealth_BadToken_UnhealthyNamingMattermostAndTheToken()
    {
        using var bad = Start(o => o.Token = "mm-wrong-secret-1");

        var health = await bad.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain("rejected the token").And.Contain("HTTP 401").And.Not.Contain("mm-wrong-secret-1"));
    }

    [Test]
    public async Task CheckHealth_WrongUrl_UnhealthyNamingTheUrl()
    {
        using var wrong = Start(o => o.Url = new Uri(_fake.Url, "not-mattermost/"));

        var health = await wrong.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain("HTTP 404").And.Contain("not-mattermost/"));
    }

    [Test]
    public async Task Created_PostsToChannelAndDirectChannels_Deduplicated()
    {
        using var h = Start(o => (o.Recipients, o.RoleToRecipients) = (["ops/access", "bob@example.com"], Recipients(("*", ["ops/access", "not-a-recipient", "nobody@example.com"]))));
        var request = SampleRequests.Pending() with { SuggestedReviewers = ["BOB@example.com", "alice@example.com"] };

        Assert.That(await h.CreatedAsync(request), Is.Null);

        var roots = _fake.RootPosts;
        Assert.That(roots.Select(p => p.ChannelId), Is.EqualTo(new[] { "chan-access", "dm-user-bob", "dm-user-alice" }));
        Assert.That(roots[0].Message, Does.Contain("**ID**: 0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10"));
        Assert.That(roots[0].Message, Does.Contain("**User**: alice@example.com").And.Contain("**Role(s)**: editor"));
        Assert.That(roots[0].Message, Does.Contain("**Resource(s)**: /teleport.example.com/node/db-1"));
        Assert.That(roots[0].Message, Does.Contain("**Reason**: ```\nInvestigating incident INC-42\n```"));
        Assert.That(roots[0].Message, Does.Contain("**Link**: https://teleport.example.com/web/requests/").And.EndWith("**Status**: ⏳ PENDING"));
        Assert.That(h.State.Get("messages"), Is.EqualTo(string.Join(',', roots.Select(p => $"{p.ChannelId}/{p.Id}"))));
        Assert.That(_fake.Server.RequestsTo("POST", "/api/v4/channels/direct")[0].Body, Is.EqualTo($"[\"{MattermostApiFake.BotId}\",\"user-bob\"]"));
        Assert.That(_fake.Server.Unmatched, Is.Empty);
    }

    [Test]
    public async Task Created_OversizeReasonWithMarkdown_TruncatedInsideItsCodeBlock()
    {
        Assert.That(await _h.CreatedAsync(SampleRequests.Pending() with { Reason = "```\n@all **bold** " + new string('y', 5000) }), Is.Null);

        var message = _fake.RootPosts[0].Message;
        Assert.That(message, Does.Contain("… (truncated)"));
        Assert.That(message.Split("```").Length, Is.EqualTo(3), "the reason cannot close its code block");
        Assert.That(message.Count(c => c == 'y'), Is.LessThan(500));
    }

    [Test]
    public async Task ReviewAdded_RepliesWithRootId_InEveryThread()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);

        Assert.That(await _h.ReviewAsync(request.WithReview("reviewer1@example.com", AccessRequestState.Denied, "too broad")), Is.Null);

        var roots = _fake.RootPosts;
        var replies = _fake.Posts.Where(p => p.RootId.Length > 0).ToList();
        Assert.That(replies.Select(r => (r.ChannelId, r.RootId)), Is.EqualTo(roots.Select(r => (r.ChannelId, r.Id))));
        Assert.That(replies[0].Message, Does.Contain("reviewer1@example.com reviewed the request at").And.Contain("Resolution: ❌ DENIED.").And.Contain("too broad"));
        Assert.That(_fake.RootPosts.Select(p => p.Message), Is.All.Contain("⏳ PENDING").And.All.Contain("❌ DENIED reviewer1@example.com: too broad"));
    }

    [Test]
    public async Task Resolved_Approved_EditsEveryPost_AndTellsTheRequester()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);

        Assert.That(await _h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "fine")), Is.Null);

        var roots = _fake.RootPosts;
        Assert.That(roots.Take(2).Select(p => p.Edits), Is.All.EqualTo(1));
        Assert.That(roots.Take(2).Select(p => p.Message), Is.All.Contain("**Status**: ✅ APPROVED\n**Resolution reason**: ```\nfine\n```"));
        Assert.That(roots[2].ChannelId, Is.EqualTo("dm-user-alice"));
        Assert.That(roots[2].Message, Does.StartWith("Request with ID 0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10 has been updated: **✅ APPROVED**"));
    }

    [Test]
    public async Task Resolved_Denied_EditsToDenied()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);

        Assert.That(await _h.ResolvedAsync(request.Resolved(AccessRequestState.Denied, "no")), Is.Null);

        Assert.That(_fake.RootPosts.Take(2).Select(p => p.Message), Is.All.Contain("**Status**: ❌ DENIED"));
    }

    [Test]
    public async Task ApprovalByReviewThreshold_EditShowsApprovedAndBothReviews()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);
        var first = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "one");
        var second = first.Request.WithReview("reviewer2@example.com", AccessRequestState.Approved, "two");

        await _h.ReviewAsync(first);
        await _h.ReviewAsync(second);
        Assert.That(await _h.ResolvedAsync(second.Request.Resolved(AccessRequestState.Approved, string.Empty)), Is.Null);

        Assert.That(_fake.RootPosts[0].Message, Does.Contain("**Status**: ✅ APPROVED").And.Contain("✅ APPROVED reviewer1@example.com: one\n✅ APPROVED reviewer2@example.com: two"));
        Assert.That(_fake.Posts.Count(p => p.RootId == _fake.RootPosts[0].Id), Is.EqualTo(2));
    }

    [Test]
    public async Task Expired_BareSnapshot_EditsToExpired()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);

        Assert.That(await _h.ExpiredAsync(request.Bare()), Is.Null);

        Assert.That(_fake.RootPosts.Select(p => p.Message), Is.All.Contain("**Status**: ⌛ EXPIRED").And.All.Contain("**User**: alice@example.com"));
    }

    [Test]
    public async Task RateLimitStorm_RetryAfterSurfaced_EachRecipientPostedOnce()
    {
        _fake.RateLimitPosts(count: 3, retryAfterSeconds: 4, afterSuccesses: 1);
        var attempts = new List<Exception?>();
        for (var i = 0; i < 6 && (attempts.Count == 0 || attempts[^1] is not null); i++)
        {
            attempts.Add(await _h.CreatedAsync(SampleRequests.Pending()));
        }

        Assert.That(attempts, Has.Count.EqualTo(4));
        Assert.That(attempts.Take(3).Select(e => (e as TransientAdapterException)?.RetryAfter), Is.All.EqualTo(TimeSpan.FromSeconds(4)));
        Assert.That(_fake.RootPosts.Select(p => p.ChannelId), Is.EqualTo(new[] { "chan-access", "dm-user-bob" }));
    }

    [Test]
    public async Task ServerErrorThenSuccess_PostedOnce()
    {
        _fake.Server.FailNext("POST", "/api/v4/posts", new FakeResponse(502, "<html>Bad Gateway</html>", "text/html"));

        var first = await _h.CreatedAsync(SampleRequests.Pending());
        var second = await _h.CreatedAsync(SampleRequests.Pending());

        Assert.That(first, Is.TypeOf<TransientAdapterException>());
        Assert.That(first!.Message, Does.Contain("Mattermost POST posts failed with HTTP 502"));
        Assert.That(second, Is.Null);
        Assert.That(_fake.RootPosts, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task TwoReplicas_SecondResumes_NoDuplicates()
    {
        var replica = _h.CreateReplica(Options());
        var request = SampleRequests.Pending();
        _fake.RateLimitPosts(count: 1, retryAfterSeconds: 1, afterSuccesses: 1);

        Assert.That(await _h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());
        Assert.That(await _h.CreatedAsync(request, replica), Is.Null);
        var reviewed = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "ok");
        _fake.RateLimitPosts(count: 1, retryAfterSeconds: 1, afterSuccesses: 1);
        Assert.That(await _h.ReviewAsync(reviewed), Is.TypeOf<TransientAdapterException>());
        Assert.That(await _h.ReviewAsync(reviewed, replica), Is.Null);

        Assert.That(_fake.RootPosts, Has.Count.EqualTo(2));
        Assert.That(_fake.RootPosts.Select(r => _fake.Posts.Count(p => p.RootId == r.Id)), Is.All.EqualTo(1));
    }

    [Test]
    public async Task Secrets_FailingScenarios_TokenNeverLoggedOrInExceptions()
    {
        using var bad = Start(o => o.Token = "mm-bad-secret-99");
        var failures = new List<Exception?> { await bad.CreatedAsync(SampleRequests.Pending()) };
        var health = await bad.Adapter.CheckHealthAsync(CancellationToken.None);
        _fake.RateLimitPosts(count: 1, retryAfterSeconds: 1);
        failures.Add(await _h.CreatedAsync(SampleRequests.Pending()));
        _h.State.Set("messages", "chan-access/no-such-post");
        await _h.ExpiredAsync(SampleRequests.Pending());

        var texts = failures.OfType<Exception>().Select(e => e.ToString()).Append(health.Description)
            .Concat(bad.Host.Logs.Lines.Concat(_h.Host.Logs.Lines).Select(l => l.Message)).ToList();
        Assert.That(failures.OfType<Exception>().Count(), Is.EqualTo(1));
        Assert.That(bad.Host.Logs.Lines, Is.Not.Empty);
        Assert.That(texts, Has.None.Contains("mm-bad-secret-99").And.None.Contains(_fake.Token));
    }

    [Test]
    public void Options_BrokenTemplate_NamesTheKey()
    {
        var options = new MattermostOptions { Url = new Uri("https://mm.example.com"), Token = "t", StatusTemplate = "{{status}} }}" };

        var result = options.Validate(new ValidationContext(options)).Single();

        Assert.That(result.MemberNames.Single(), Is.EqualTo(nameof(MattermostOptions.StatusTemplate)));
        Assert.That(result.ErrorMessage, Does.Contain("without an opening"));
    }

    private MattermostOptions Options(Action<MattermostOptions>? configure = null)
    {
        var options = new MattermostOptions { Url = _fake.Url, Token = _fake.Token, Recipients = ["ops/access", "bob@example.com"] };
        configure?.Invoke(options);
        return options;
    }

    private AdapterHarness Start(Action<MattermostOptions>? configure = null) =>
        new(new MattermostAdapterFactory(), Options(configure), _clock, RoleToRecipients.Empty);
}
