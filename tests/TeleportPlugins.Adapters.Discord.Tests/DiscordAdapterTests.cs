using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Discord;
using System.ComponentModel.DataAnnotations;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Adapters.Testing.AdapterHarness;

namespace TeleportPlugins.Adapters.Discord.Tests;

public sealed class DiscordAdapterTests
{
    private const string Ops = "100000000000000001";
    private const string Audit = "100000000000000002";
    private DiscordApiFake _fake = null!;
    private FakeTimeProvider _clock = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await DiscordApiFake.StartAsync();
        _clock = new FakeTimeProvider();
        _fake.UseClock(_clock);
        _h = Start();
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
        Assert.That(health.Description, Does.Contain("Discord").And.Contain("teleport"));
        Assert.That(_fake.Server.RequestsTo("GET", "/api/v10/users/@me").Single().Header("Authorization"), Is.EqualTo($"Bot {_fake.Token}"));
    }

    [Test]
    public async Task CheckHealth_BadToken_UnhealthyNamingDiscordAndTheToken()
    {
        using var bad = Start(o => o.Token = "discord-wrong-secret");

        var health = await bad.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain("Discord rejected the token").And.Contain("HTTP 401").And.Not.Contain("discord-wrong-secret"));
    }

    [Test]
    public async Task CheckHealth_WrongUrl_UnhealthyNamingTheUrl()
    {
        using var wrong = Start(o => o.ApiUrl = new Uri(_fake.Server.BaseAddress, "api/v6/"));

        var health = await wrong.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain("HTTP 404").And.Contain("api/v6/"));
    }

    [Test]
    public async Task Created_PostsToEveryChannelOnce_SkipsEmailAddresses()
    {
        using var h = Start(o => o.RoleToRecipients = Recipients(("editor", [Ops, Audit]), ("*", [Ops, "ops@example.com"])));
        var request = SampleRequests.Pending(roles: ["editor", "other"]) with { SuggestedReviewers = ["bob@example.com"] };

        Assert.That(await h.CreatedAsync(request), Is.Null);

        var roots = _fake.RootMessages;
        Assert.That(roots.Select(m => m.ChannelId), Is.EqualTo(new[] { Ops, Audit }));
        Assert.That(roots[0].Content, Does.StartWith("You have a new Role Request:\n**ID**: 0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10"));
        Assert.That(roots[0].Content, Does.Contain("**Cluster**: teleport.example.com").And.Contain("**User**: alice@example.com").And.Contain("**Role(s)**: editor, other"));
        Assert.That(roots[0].Content, Does.Contain("**Resource(s)**: /teleport.example.com/node/db-1").And.Contain("**Link**: https://teleport.example.com/web/requests/"));
        Assert.That(roots[0].Content, Does.EndWith("**Status**: ⏳ PENDING"));
        Assert.That(roots[0].MentionsParsed, Is.Empty, "no mention in a request pings anyone");
        Assert.That(h.State.Get("messages"), Is.EqualTo($"{Ops}/{roots[0].Id},{Audit}/{roots[1].Id}"));
        Assert.That(h.Host.Logs.Lines.Select(l => l.Message), Has.Some.Contains("ops@example.com"));
        Assert.That(_fake.Server.Unmatched, Is.Empty);
    }

    [Test]
    public async Task Created_OversizeReason_FitsDiscordsLimit()
    {
        Assert.That(await _h.CreatedAsync(SampleRequests.Pending(proxy: null) with { Reason = "@everyone ```" + new string('z', 5000) }), Is.Null);

        var content = _fake.RootMessages.Single().Content;
        Assert.That(content, Has.Length.LessThanOrEqualTo(2000));
        Assert.That(content, Does.Contain("… (truncated)").And.Contain("`tsh request review --approve 0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10`"));
        Assert.That(content.Split("```").Length, Is.EqualTo(3));
    }

    [Test]
    public async Task ReviewAdded_RepliesToEveryMessage()
    {
        using var h = Start(o => o.RoleToRecipients = Recipients(("*", [Ops, Audit])));
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);

        Assert.That(await h.ReviewAsync(request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "ok")), Is.Null);

        var replies = _fake.Messages.Where(m => m.ReplyTo is not null).ToList();
        Assert.That(replies.Select(r => (r.ChannelId, r.ReplyTo)), Is.EqualTo(_fake.RootMessages.Select(m => (m.ChannelId, (string?)m.Id))));
        Assert.That(replies[0].Content, Does.Contain("reviewer1@example.com reviewed the request at").And.Contain("Resolution: ✅ APPROVED."));
        Assert.That(_fake.RootMessages.Select(m => m.Content), Is.All.Contain("✅ APPROVED reviewer1@example.com: ok"));
    }

    [Test]
    public async Task Resolved_Approved_EditsTheMessage_RequesterCannotBeReached()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);

        Assert.That(await _h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "go")), Is.Null);

        var root = _fake.RootMessages.Single();
        Assert.That(root.Edits, Is.EqualTo(1));
        Assert.That(root.Content, Does.Contain("**Status**: ✅ APPROVED\n**Resolution reason**: ```\ngo\n```"));
        Assert.That(_fake.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Resolved_Denied_EditsToDenied()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);

        Assert.That(await _h.ResolvedAsync(request.Resolved(AccessRequestState.Denied, string.Empty)), Is.Null);

        Assert.That(_fake.RootMessages.Single().Content, Does.EndWith("**Status**: ❌ DENIED"));
    }

    [Test]
    public async Task ApprovalByReviewThreshold_EditShowsApprovedAndReviews()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);
        var first = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "a");
        var second = first.Request.WithReview("reviewer2@example.com", AccessRequestState.Approved, "b");

        await _h.ReviewAsync(first);
        await _h.ReviewAsync(second);
        Assert.That(await _h.ResolvedAsync(second.Request.Resolved(AccessRequestState.Approved, string.Empty)), Is.Null);

        Assert.That(_fake.RootMessages.Single().Content, Does.Contain("**Status**: ✅ APPROVED").And.Contain("✅ APPROVED reviewer1@example.com: a\n✅ APPROVED reviewer2@example.com: b"));
    }

    [Test]
    public async Task Expired_BareSnapshot_EditsToExpired()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);

        Assert.That(await _h.ExpiredAsync(request.Bare()), Is.Null);

        Assert.That(_fake.RootMessages.Single().Content, Does.Contain("**Status**: ⌛ EXPIRED").And.Contain("**User**: alice@example.com"));
    }

    [Test]
    public async Task RateLimitStorm_JsonRetryAfterSurfaced_EachChannelPostedOnce()
    {
        using var h = Start(o => o.RoleToRecipients = Recipients(("*", [Ops, Audit])));
        _fake.RateLimitCreates(count: 3, retryAfterSeconds: 1.25, afterSuccesses: 1);
        var attempts = new List<Exception?>();
        for (var i = 0; i < 6 && (attempts.Count == 0 || attempts[^1] is not null); i++)
        {
            attempts.Add(await h.CreatedAsync(SampleRequests.Pending()));
            _clock.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.That(attempts, Has.Count.EqualTo(4));
        Assert.That(attempts.Take(3).Select(e => (e as TransientAdapterException)?.RetryAfter), Is.All.EqualTo(TimeSpan.FromSeconds(1.25)));
        Assert.That(_fake.RootMessages.Select(m => m.ChannelId), Is.EqualTo(new[] { Ops, Audit }));
    }

    [Test]
    public async Task ReviewAdded_ChannelBucketSpent_TransientWithTheChannelsRetryAfter_EachReplyOnce()
    {
        using var h = Start(o => o.RoleToRecipients = Recipients(("*", [Ops, Audit])));
        _fake.LimitEachChannel(permits: 1, TimeSpan.FromSeconds(5), _clock);
        var request = SampleRequests.Pending();
        var created = await h.CreatedAsync(request);
        var review = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "ok");

        var limited = await h.ReviewAsync(review);
        _clock.Advance(TimeSpan.FromSeconds(4));
        var retried = await h.ReviewAsync(review);

        Assert.That(created, Is.Null, "one message to each of two channels fits their separate buckets");
        Assert.That((limited as TransientAdapterException)?.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(4)), "the rest of the channel's window");
        Assert.That(retried, Is.Null);
        Assert.That(_fake.Server.RateLimited, Is.EqualTo(2), "each channel's own bucket was tried once: the first limit does not stop the other channel");
        Assert.That(_fake.Messages.Where(m => m.ReplyTo is not null).Select(m => m.ChannelId), Is.EqualTo(new[] { Ops, Audit }));
    }

    [Test]
    public async Task ServerErrorThenSuccess_PostedOnce()
    {
        _fake.Server.FailNext("POST", $"/api/v10/channels/{Ops}/messages", new FakeResponse(502, "bad gateway", "text/plain"));

        var first = await _h.CreatedAsync(SampleRequests.Pending());
        var second = await _h.CreatedAsync(SampleRequests.Pending());

        Assert.That(first, Is.TypeOf<TransientAdapterException>());
        Assert.That(second, Is.Null);
        Assert.That(_fake.RootMessages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task EmptyBucket_NextMessageToTheChannelWaitsForTheReset()
    {
        _fake.NextRemaining = 0;
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);

        var review = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "ok");
        var step = _h.Adapter.OnReviewAddedAsync(new ReviewAddedContext(review.Request, _h.State, review.Review, review.Index), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_clock.ActiveTimers == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(_clock.ActiveTimers, Is.EqualTo(1));
        Assert.That(_fake.Messages, Has.Count.EqualTo(1));
        _clock.Advance(TimeSpan.FromSeconds(2.5));
        await step;
        Assert.That(_fake.Messages, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task TwoReplicas_SecondResumes_NoDuplicates()
    {
        var map = Recipients(("*", [Ops, Audit]));
        using var h = Start(o => o.RoleToRecipients = map);
        var replica = h.CreateReplica(Options(o => o.RoleToRecipients = map));
        var request = SampleRequests.Pending();
        _fake.RateLimitCreates(count: 1, retryAfterSeconds: 0.5, afterSuccesses: 1);

        Assert.That(await h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());
        Assert.That(await h.CreatedAsync(request, replica), Is.Null);
        var reviewed = request.WithReview("reviewer1@example.com", AccessRequestState.Denied, "no");
        _fake.RateLimitCreates(count: 1, retryAfterSeconds: 0.5, afterSuccesses: 1);
        Assert.That(await h.ReviewAsync(reviewed), Is.TypeOf<TransientAdapterException>());
        Assert.That(await h.ReviewAsync(reviewed, replica), Is.Null);

        Assert.That(_fake.RootMessages.Select(m => m.ChannelId), Is.EqualTo(new[] { Ops, Audit }));
        Assert.That(_fake.RootMessages.Select(r => _fake.Messages.Count(m => m.ReplyTo == r.Id)), Is.All.EqualTo(1));
    }

    [Test]
    public async Task Secrets_FailingScenarios_TokenNeverLoggedOrInExceptions()
    {
        using var bad = Start(o => o.Token = "discord-bad-secret-31");
        var failures = new List<Exception?> { await bad.CreatedAsync(SampleRequests.Pending()) };
        var health = await bad.Adapter.CheckHealthAsync(CancellationToken.None);
        _fake.RateLimitCreates(count: 1, retryAfterSeconds: 1);
        failures.Add(await _h.CreatedAsync(SampleRequests.Pending()));

        var texts = failures.OfType<Exception>().Select(e => e.ToString()).Append(health.Description)
            .Concat(bad.Host.Logs.Lines.Concat(_h.Host.Logs.Lines).Select(l => l.Message)).ToList();
        Assert.That(failures.OfType<Exception>().Count(), Is.EqualTo(2));
        Assert.That(texts, Has.None.Contains("discord-bad-secret-31").And.None.Contains(_fake.Token));
    }

    [Test]
    public void Options_BrokenTemplate_NamesTheKey()
    {
        var options = new DiscordOptions { Token = "t", RequesterTemplate = "{{user}}" };

        var result = options.Validate(new ValidationContext(options)).Single();

        Assert.That(result.MemberNames.Single(), Is.EqualTo(nameof(DiscordOptions.RequesterTemplate)));
        Assert.That(new DiscordOptions().ApiUrl, Is.EqualTo(new Uri("https://discord.com/api/v10/")));
    }

    private DiscordOptions Options(Action<DiscordOptions>? configure = null)
    {
        var options = new DiscordOptions { Token = _fake.Token, ApiUrl = _fake.ApiUrl };
        configure?.Invoke(options);
        return options;
    }

    private AdapterHarness Start(Action<DiscordOptions>? configure = null) =>
        new(new DiscordAdapterFactory(), Options(configure), _clock, Recipients(("*", [Ops])), beforeEachStep: () => _clock.Advance(TimeSpan.FromSeconds(1)));
}
