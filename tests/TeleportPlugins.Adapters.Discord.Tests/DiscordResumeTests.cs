using System.Globalization;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Discord;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Adapters.Testing.AdapterHarness;

namespace TeleportPlugins.Adapters.Discord.Tests;

/// <summary>
/// Exactly once across a crash (issue 15 point 4): every create carries a deterministic nonce with
/// <c>enforce_nonce</c> (Discord answers the earlier message within its window) and an embed footer naming the request
/// and item, which a resumed step finds with Get Channel Messages after the claim, beyond the nonce's window too.
/// </summary>
public sealed class DiscordResumeTests
{
    private const string Ops = "100000000000000001";
    private const string Audit = "100000000000000002";
    private const string Dev = "100000000000000003";
    private DiscordApiFake _fake = null!;
    private FakeTimeProvider _clock = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await DiscordApiFake.StartAsync();
        _fake.AddChannel(Dev);
        _clock = new FakeTimeProvider();
        _fake.UseClock(_clock);
        var options = new DiscordOptions { Token = _fake.Token, ApiUrl = _fake.ApiUrl };
        _h = new AdapterHarness(new DiscordAdapterFactory(), options, _clock, Recipients(("*", [Ops, Audit, Dev])), beforeEachStep: () => _clock.Advance(TimeSpan.FromSeconds(1)));
    }

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task Created_MessagesLost_ResumedAfterTheNonceWindow_FoundByFooter_AndLaterStepsEditThem()
    {
        var request = SampleRequests.Pending();
        var posted = await PostThenLoseTheRecordAsync(request);

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.RootMessages.Select(m => m.Id), Is.EqualTo(posted.Select(m => m.Id)), "one message per channel");
        Assert.That(_h.State.Get("messages"), Is.EqualTo(string.Join(',', posted.Select(m => $"{m.ChannelId}/{m.Id}"))));
        Assert.That(posted.Select(m => m.Footer), Is.All.EqualTo("Access request 0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10"));
        var reads = _fake.Server.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/messages", StringComparison.Ordinal)).ToList();
        var claimLessFiveMinutes = (long)(new DateTimeOffset(2026, 11, 21, 11, 55, 1, TimeSpan.Zero) - new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalMilliseconds << 22;
        Assert.That(reads.Select(r => r.Query), Is.All.EqualTo($"?after={claimLessFiveMinutes.ToString(CultureInfo.InvariantCulture)}&limit=100"));

        Assert.That(await _h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "ok")), Is.Null);
        Assert.That(_fake.RootMessages.Select(m => m.Edits), Is.All.EqualTo(1));
    }

    [Test]
    public async Task Created_MessagesLost_LookupReadsRefusedTwice_RetriedWithinTheStep_FoundWithoutASecondMessage()
    {
        var request = SampleRequests.Pending();
        var posted = await PostThenLoseTheRecordAsync(request);
        var limited = new FakeResponse(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":0,\"global\":false}", Headers: new Dictionary<string, string> { ["Retry-After"] = "0" });
        _fake.Server.FailNext("GET", $"/api/v10/channels/{Ops}/messages", limited, count: 2);

        Assert.That(await _h.CreatedAsync(request), Is.Null, "a lookup's read is retried within the step (LookupReads), so one refused page does not fail it");

        Assert.That(_fake.RootMessages.Select(m => m.Id), Is.EqualTo(posted.Select(m => m.Id)), "one message per channel");
    }

    /// <summary>The created step posts, then its record is lost and the nonce's window passes: a resume must look.</summary>
    private async Task<IReadOnlyList<DiscordMessageRecord>> PostThenLoseTheRecordAsync(AccessRequestSnapshot request)
    {
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var posted = _fake.RootMessages;
        _h.LoseLastAttempt();
        _clock.Advance(DiscordApiFake.NonceWindow);
        return posted;
    }

    [Test]
    public async Task ReviewAdded_RepliesLost_Resumed_FindsThemByReferenceAndFooter_OneReplyPerMessage()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);
        var review = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "fine");
        Assert.That(await _h.ReviewAsync(review), Is.Null);
        _h.LoseLastAttempt();
        _clock.Advance(DiscordApiFake.NonceWindow);

        Assert.That(await _h.ReviewAsync(review), Is.Null);

        var replies = _fake.Messages.Where(m => m.ReplyTo is not null).ToList();
        Assert.That(replies.Select(r => r.ReplyTo), Is.EqualTo(_fake.RootMessages.Select(m => (string?)m.Id)));
        Assert.That(replies.Select(r => r.Footer), Is.All.EqualTo("Access request 0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10 · review:0"));
    }

    [Test]
    public async Task Created_TwoOfThreePostedThenCrash_Resumed_PostsOnlyTheMissingOne()
    {
        var request = SampleRequests.Pending();
        _fake.RateLimitCreates(1, 0.5, afterSuccesses: 2);
        Assert.That(await _h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());
        Assert.That(_fake.RootMessages, Has.Count.EqualTo(2));
        _h.LoseLastAttempt();
        _clock.Advance(DiscordApiFake.NonceWindow);

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.RootMessages.Select(m => m.ChannelId), Is.EqualTo(new[] { Ops, Audit, Dev }));
        Assert.That(_h.State.Get("messages")!.Split(','), Has.Length.EqualTo(3));
    }

    [Test]
    public async Task Created_ResumedAfterAnAttemptThatPostedNothing_PostsOnce()
    {
        var request = SampleRequests.Pending();
        _fake.RateLimitCreates(3, 0.5);
        Assert.That(await _h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());
        Assert.That(_fake.Messages, Is.Empty);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.RootMessages.Select(m => m.ChannelId), Is.EqualTo(new[] { Ops, Audit, Dev }));
        Assert.That(_fake.Server.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/messages", StringComparison.Ordinal)), Is.EqualTo(3), "it looked before posting");
    }

    [Test]
    public async Task Created_ResumedWithoutReadMessageHistory_WithinTheNonceWindow_DiscordAnswersTheEarlierMessages()
    {
        _fake.DenyReadMessageHistory();
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);
        var posted = _fake.RootMessages;
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.RootMessages, Is.EqualTo(posted), "the nonce answered the earlier messages");
        Assert.That(_h.State.Get("messages"), Is.EqualTo(string.Join(',', posted.Select(m => $"{m.ChannelId}/{m.Id}"))));
        var warning = _h.Host.Logs.Lines.Single(l => l.Level == LogLevel.Warning).Message;
        Assert.That(warning, Does.Contain("HTTP 403").And.Not.Contain(_fake.Token));
    }

    [Test]
    public async Task Created_EveryAttemptAndReplica_SendsTheSameNonceWithEnforceNonce()
    {
        var request = SampleRequests.Pending();

        await _h.CreatedAsync(request, _h.CreateReplica(new DiscordOptions { Token = _fake.Token, ApiUrl = _fake.ApiUrl }));
        _h.LoseLastAttempt();
        _clock.Advance(DiscordApiFake.NonceWindow);
        _fake.DenyReadMessageHistory();
        await _h.CreatedAsync(request);

        var creates = _fake.Server.Requests.Where(r => r.Method == "POST").Select(r => r.Body).ToList();
        Assert.That(creates, Has.Count.EqualTo(6));
        Assert.That(creates, Has.All.Contain("\"enforce_nonce\":true"));
        Assert.That(creates.Take(3), Is.EqualTo(creates.Skip(3)), "the same body, nonce included");
        Assert.That(creates.Select(c => c[c.IndexOf("\"nonce\":", StringComparison.Ordinal)..].Split('"')[3]).Distinct().Select(n => n.Length), Is.EqualTo(new[] { 25, 25, 25 }));
        Assert.That(_fake.RootMessages, Has.Count.EqualTo(6), "beyond the window and without reads: at least once");
    }

    [Test]
    public async Task EverySteps_NotResumed_MakeNoLookup()
    {
        var request = SampleRequests.Pending();

        await _h.CreatedAsync(request);
        await _h.ReviewAsync(request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "fine"));
        await _h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "ok"));

        Assert.That(_fake.Server.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/messages", StringComparison.Ordinal)), Is.Empty);
        Assert.That(_fake.Messages, Has.Count.EqualTo(6), "three messages, three replies");
    }
}
