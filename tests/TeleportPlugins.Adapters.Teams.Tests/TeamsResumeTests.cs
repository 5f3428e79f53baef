using Microsoft.Extensions.Logging;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Teams;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Adapters.Testing.AdapterHarness;

namespace TeleportPlugins.Adapters.Teams.Tests;

/// <summary>
/// A step resumed after a crash between Teams accepting an activity and the host recording it (contract 1.2): the
/// adapter lists the chat's messages with Graph (Chat.Read.All) from the lost attempt's claim and records what it finds
/// (a card by its footer, a reply or the requester's message by its last line) instead of sending it again.
/// </summary>
public sealed class TeamsResumeTests
{
    private const string Bob = "bob@example.com";
    private TeamsApiFake _fake = null!;
    private FakeTimeProvider _clock = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await TeamsApiFake.StartAsync();
        _clock = new FakeTimeProvider();
        _fake.UseClock(_clock);
        _fake.InstallFor("alice@example.com");
        _h = Start(Recipients(("*", [Bob, "carol@example.com"])));
    }

    [TearDown]
    public async Task StopAsync()
    {
        _h.Dispose();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task Created_CardsLost_Resumed_FoundByFooter_NotPostedAgain_LaterStepsUpdateThem()
    {
        var request = SampleRequests.Pending();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var posted = _fake.Cards;
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.Cards.Select(c => c.Id), Is.EqualTo(posted.Select(c => c.Id)), "one card per chat");
        Assert.That(_h.State.Get("messages"), Is.EqualTo(string.Join(',', posted.Select(c => $"{c.ConversationId}/{c.Id}"))));
        var reads = _fake.Server.Requests.Where(r => r.Path.EndsWith("/messages", StringComparison.Ordinal)).ToList();
        Assert.That(reads.Select(r => r.Path), Is.EqualTo(posted.Select(c => $"/graph/v1.0/chats/{c.ConversationId}/messages")));
        Assert.That(reads.Select(r => (r.QueryValue("$orderby"), r.QueryValue("$top"))), Is.All.EqualTo(("lastModifiedDateTime desc", "50")));
        var claimLessFiveMinutes = _clock.GetUtcNow().AddSeconds(-1).AddMinutes(-5).UtcDateTime;
        Assert.That(reads.Select(r => r.QueryValue("$filter")), Is.All.EqualTo($"lastModifiedDateTime gt {claimLessFiveMinutes:yyyy-MM-ddTHH:mm:ss.fff}Z"));

        Assert.That(await _h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "ok")), Is.Null);
        Assert.That(_fake.Cards.Select(c => c.Updates), Is.All.EqualTo(1));
    }

    [Test]
    public async Task Created_CardLostBehindManyNewerMessages_FoundOnALaterPage()
    {
        using var h = Start(Recipients(("*", [Bob])));
        var request = SampleRequests.Pending();
        Assert.That(await h.CreatedAsync(request), Is.Null);
        h.LoseLastAttempt();
        using (var other = Start(Recipients(("*", [Bob]))))
        {
            for (var i = 0; i < 60; i++)
            {
                await other.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(SampleRequests.Pending(id: $"other-{i}"), new AdapterRequestState()), CancellationToken.None);
            }
        }

        Assert.That(await h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.Cards, Has.Count.EqualTo(61));
        Assert.That(_fake.Server.Requests.Count(r => r.Path.EndsWith("/messages", StringComparison.Ordinal)), Is.EqualTo(2), "two pages of 50");
        Assert.That(_fake.Server.Requests.Last(r => r.Path.EndsWith("/messages", StringComparison.Ordinal)).QueryValue("$skiptoken"), Is.EqualTo("50"));
    }

    [Test]
    public async Task Created_Resumed_ChatReadFailsOnce_ReadRetriedWithinTheStep_Found()
    {
        using var h = Start(Recipients(("*", [Bob])));
        var request = SampleRequests.Pending();
        Assert.That(await h.CreatedAsync(request), Is.Null);
        h.LoseLastAttempt();
        var path = $"/graph/v1.0/chats/{TeamsApiFake.ChatId(Bob)}/messages";
        _fake.Server.FailNext("GET", path, Fakes.FakeResponse.Unavailable());

        var step = h.CreatedAsync(request);
        while (!step.IsCompleted)
        {
            // The retry's pause runs on the adapter's clock.
            _clock.Advance(TimeSpan.FromMilliseconds(200));
            await Task.Delay(10);
        }

        Assert.That(await step, Is.Null, "the step succeeds without a retry by the host");
        Assert.That(_fake.Server.RequestsTo("GET", path), Has.Count.EqualTo(2));
        Assert.That(_fake.Cards, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ReviewAndRequester_Lost_Resumed_FoundByTheirLastLine_OneEach()
    {
        var request = SampleRequests.Pending();
        await _h.CreatedAsync(request);
        var first = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "fine");
        Assert.That(await _h.ReviewAsync(first), Is.Null);
        _h.LoseLastAttempt();
        Assert.That(await _h.ReviewAsync(first), Is.Null);
        var resolved = first.Request.Resolved(AccessRequestState.Approved, "done");
        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);

        Assert.That(_fake.Cards.Select(c => _fake.Activities.Count(a => a.ReplyTo == c.Id)), Is.All.EqualTo(1), "one reply per card");
        var requester = _fake.Activities.Where(a => a.ConversationId == TeamsApiFake.ChatId("alice@example.com")).ToList();
        Assert.That(requester, Has.Count.EqualTo(1));
        Assert.That(requester[0].Content, Does.EndWith($"(Access request {request.Id}, requester)"));
        Assert.That(_fake.Activities.Where(a => a.ReplyTo is not null).Select(a => a.Content), Is.All.EndsWith($"(Access request {request.Id}, review:0)"));
    }

    [Test]
    public async Task ChatReadDenied_Resumed_SendsAgainWithOneWarning()
    {
        _fake.DenyChatRead();
        var request = SampleRequests.Pending();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.Cards, Has.Count.EqualTo(4), "at least once without Chat.Read.All");
        var warnings = _h.Host.Logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Does.Contain("Microsoft Graph list chat messages failed with HTTP 403 (Forbidden)"));
    }

    [Test]
    public async Task Channel_Resumed_SendsAgain_WarnsThatChannelsAreNotLookedUp()
    {
        var channel = _fake.AddChannel("2a7c4e1f-9b3d-4f6a-8c0e-5d1b7a3f9e24", "19:c0ffee@thread.tacv2");
        using var h = Start(Recipients(("*", [channel])));
        var request = SampleRequests.Pending();
        Assert.That(await h.CreatedAsync(request), Is.Null);
        h.LoseLastAttempt();

        Assert.That(await h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.Cards, Has.Count.EqualTo(2));
        Assert.That(h.Host.Logs.Lines.Single(l => l.Level == LogLevel.Warning).Message, Does.Contain("does not look up channel messages"));
    }

    private AdapterHarness Start(RoleToRecipients recipients) => new(
        new TeamsAdapterFactory(),
        TeamsFakeOptions.For(_fake),
        _clock,
        recipients,
        beforeEachStep: () => _clock.Advance(TimeSpan.FromSeconds(1)));
}
