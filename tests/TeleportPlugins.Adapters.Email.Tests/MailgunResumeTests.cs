using System.Globalization;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Email.Tests.Support;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Mailgun;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Email.Tests;

/// <summary>
/// A step resumed after a crash (contract 1.2) over Mailgun: the lost attempt's e-mails carry deterministic Message-IDs,
/// the resumed step finds them in Mailgun's events and sends only what Mailgun never accepted.
/// </summary>
public sealed class MailgunResumeTests
{
    private MailgunApiFake _mailgun = null!;
    private FakeTimeProvider _clock = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _mailgun = await MailgunApiFake.StartAsync();
        _clock = new FakeTimeProvider();
        _mailgun.Clock = _clock;
        _h = EmailHarness.Start(null, new MailgunOptions { Domain = _mailgun.Domain, PrivateKey = _mailgun.ApiKey, ApiUrl = _mailgun.ApiUrl }, _clock);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _h.Dispose();
        await _mailgun.DisposeAsync();
    }

    private IReadOnlyList<RecordedRequest> Lookups => [.. _mailgun.Server.Requests.Where(r => r.Method == "GET" && r.Path.StartsWith(_mailgun.EventsPath, StringComparison.Ordinal))];

    private static AccessRequestSnapshot ThreeReviewers() => EmailRequests.Pending() with { SuggestedReviewers = ["carol@example.com", "dave@example.com"] };

    private static string ExpectedId(AccessRequestSnapshot request, string recipient, string item) => MessageIds.For(request.Id, recipient, item, "example.com");

    [Test]
    public async Task Created_SendsEachEmailWithItsDeterministicMessageIdAsHMessageId()
    {
        var request = EmailRequests.Pending();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        var posts = _mailgun.Server.RequestsTo("POST", _mailgun.MessagesPath);
        Assert.That(posts, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(posts[0].Body, Does.Contain("h%3AMessage-Id=" + Uri.EscapeDataString("<" + ExpectedId(request, "dev-manager@example.com", "created") + ">")));
            Assert.That(_mailgun.Messages.Select(m => m.Id), Is.EqualTo(new[]
            {
                "<" + ExpectedId(request, "dev-manager@example.com", "created") + ">",
                "<" + ExpectedId(request, "carol@example.com", "created") + ">",
            }));
        });
    }

    [Test]
    public async Task Created_RootsLostAfterMailgunAcceptedThem_ResumedStepRecordsThemAndSendsNothing()
    {
        var request = EmailRequests.Pending();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var claimed = _clock.GetUtcNow();
        _h.LoseLastAttempt();
        Assert.That(_h.State.Get(EmailThreads.Key), Is.Null);

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        var sent = _mailgun.Messages;
        Assert.That(sent, Has.Count.EqualTo(2), "one e-mail per recipient");
        var threads = EmailThreads.Parse(_h.State.Get(EmailThreads.Key));
        Assert.That(threads.Select(t => (t.Email, t.MessageId)), Is.EqualTo(new[]
        {
            ("dev-manager@example.com", sent[0].Id.Trim('<', '>')),
            ("carol@example.com", sent[1].Id.Trim('<', '>')),
        }));
        var lookup = Lookups[0];
        Assert.Multiple(() =>
        {
            Assert.That(Lookups, Has.Count.EqualTo(2));
            Assert.That(lookup.Header("Authorization"), Is.EqualTo(_mailgun.Server.RequestsTo("POST", _mailgun.MessagesPath)[0].Header("Authorization")));
            Assert.That(lookup.QueryValue("event"), Is.EqualTo("accepted"));
            Assert.That(lookup.QueryValue("message-id"), Is.EqualTo(sent[0].Id.Trim('<', '>')));
            Assert.That(lookup.QueryValue("ascending"), Is.EqualTo("yes"));
            Assert.That(lookup.QueryValue("begin"), Is.EqualTo((claimed - ResumeMarkers.ClockSkew).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
            Assert.That(_h.Host.Logs.Lines.Select(l => l.Message), Has.Some.Contain("not sent again"));
        });

        // The found e-mails start the threads, so the review replies under them.
        var reviewed = request with { Reviews = [EmailRequests.Approval()] };
        Assert.That(await _h.ReviewAsync((reviewed, reviewed.Reviews[0], 0)), Is.Null);
        var replies = _mailgun.Messages.Skip(2).ToList();
        Assert.That(replies.Select(r => (r.To, r.InReplyTo)), Is.EqualTo(new[] { (sent[0].To, sent[0].Id), (sent[1].To, sent[1].Id) }));
    }

    [Test]
    public async Task Reviewed_ReplyLostAfterMailgunAcceptedIt_ResumedStepSendsNoSecondReply_AndTheResolutionFollows()
    {
        var request = EmailRequests.Pending();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var reviewed = request with { Reviews = [EmailRequests.Approval()] };
        Assert.That(await _h.ReviewAsync((reviewed, reviewed.Reviews[0], 0)), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync((reviewed, reviewed.Reviews[0], 0)), Is.Null);
        var approved = reviewed with { State = AccessRequestState.Approved };
        Assert.That(await _h.ResolvedAsync(approved), Is.Null);

        var sent = _mailgun.Messages;
        var reviewReplies = sent.Where(m => m.Text.Contains(" reviewed the request at ", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(reviewReplies.Select(m => m.To), Is.EqualTo(new[] { "dev-manager@example.com", "carol@example.com" }), "one reply per recipient");
            Assert.That(reviewReplies.Select(m => m.Id.Trim('<', '>')), Is.EqualTo(new[]
            {
                ExpectedId(request, "dev-manager@example.com", "review:0"),
                ExpectedId(request, "carol@example.com", "review:0"),
            }));
            Assert.That(sent, Has.Count.EqualTo(2 + 2 + 2 + 1), "announcements, review replies, resolutions and the requester's notice, each once");
            Assert.That(Lookups, Has.Count.EqualTo(2), "only the resumed review step looked");
        });
    }

    [Test]
    public async Task Created_CrashAfterTwoOfThreeRecipients_ResumedStepSendsOnlyTheMissingOne()
    {
        var request = ThreeReviewers();
        _mailgun.Reject("dave@example.com", FakeResponse.Unavailable());
        Assert.That(await _h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());
        _h.LoseLastAttempt();
        _mailgun.Reject("dave@example.com", null);

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        var sent = _mailgun.Messages;
        Assert.That(sent.Select(m => m.To), Is.EqualTo(new[] { "dev-manager@example.com", "carol@example.com", "dave@example.com" }));
        Assert.That(EmailThreads.Parse(_h.State.Get(EmailThreads.Key)).Select(t => (t.Email, t.MessageId)), Is.EquivalentTo(sent.Select(m => (m.To, m.Id.Trim('<', '>')))));
    }

    [Test]
    public async Task Created_ResumedButTheLostAttemptSentNothing_SendsEachEmailOnce()
    {
        var request = EmailRequests.Pending();
        _mailgun.Server.FailNext("POST", _mailgun.MessagesPath, FakeResponse.Unavailable(), count: 2);
        Assert.That(await _h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());
        Assert.That(_mailgun.Messages, Is.Empty);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_mailgun.Messages.Select(m => m.To), Is.EqualTo(new[] { "dev-manager@example.com", "carol@example.com" }));
        Assert.That(Lookups, Has.Count.EqualTo(2));
        Assert.That(EmailThreads.Parse(_h.State.Get(EmailThreads.Key)), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Resolved_RequesterNoticeLostAfterMailgunAcceptedIt_ResumedStepDoesNotNotifyTwice()
    {
        var request = EmailRequests.Pending();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var approved = request with { State = AccessRequestState.Approved };
        Assert.That(await _h.ResolvedAsync(approved), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ResolvedAsync(approved), Is.Null);

        Assert.That(_mailgun.Messages.Count(m => m.To == "alice@example.com"), Is.EqualTo(1));
        Assert.That(_mailgun.Messages, Has.Count.EqualTo(2 + 2 + 1));
    }

    [Test]
    public async Task Created_ResumedAndMailgunsEventsUnreachable_FailsTransientlyAndSendsNothingBlind()
    {
        var request = EmailRequests.Pending();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        _h.LoseLastAttempt();
        _mailgun.Server.FailNext("GET", _mailgun.EventsPath, FakeResponse.Unavailable(), count: 2);

        Assert.That(await _h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());

        Assert.That(_mailgun.Messages, Has.Count.EqualTo(2), "nothing sent while Mailgun could not say");
        Assert.That(_h.State.Get(EmailThreads.Key), Is.Null);
    }

    [Test]
    public async Task EveryStep_NotResumed_MakesNoEventsLookup()
    {
        var request = ThreeReviewers();
        var reviewed = request with { Reviews = [EmailRequests.Approval()] };

        Assert.That(await _h.CreatedAsync(request), Is.Null);
        Assert.That(await _h.ReviewAsync((reviewed, reviewed.Reviews[0], 0)), Is.Null);
        Assert.That(await _h.ResolvedAsync(reviewed with { State = AccessRequestState.Approved }), Is.Null);

        Assert.That(Lookups, Is.Empty);
        Assert.That(_mailgun.Server.Requests.Select(r => (r.Method, r.Path)).Distinct(), Is.EqualTo(new[] { ("POST", _mailgun.MessagesPath) }));
        Assert.That(_mailgun.Messages, Has.Count.EqualTo(3 + 3 + 3 + 1), "exactly one call per e-mail");
    }
}
