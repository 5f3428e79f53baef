using TeleportPlugins.Adapters.Email.Tests.Support;

namespace TeleportPlugins.Adapters.Email.Tests;

/// <summary>
/// A step resumed after a crash over SMTP, against a real SMTP server: mail cannot be looked up or recalled, so the
/// step sends again (at-least-once), but with the very Message-IDs the lost attempt used.
/// </summary>
public sealed class SmtpResumeTests : SmtpHarnessFixture
{
    [Test]
    public async Task Created_RootsLostAfterTheServerTookThem_ResumedStepResendsWithTheIdenticalMessageIds()
    {
        var request = EmailRequests.Pending();
        Assert.That(await H.CreatedAsync(request), Is.Null);
        var first = Server.Messages;
        H.LoseLastAttempt();

        Assert.That(await H.CreatedAsync(request), Is.Null);

        var repeated = Server.Messages.Skip(first.Count).ToList();
        Assert.That(repeated.Select(m => m.RcptTos.Single()), Is.EqualTo(first.Select(m => m.RcptTos.Single())));
        Assert.Multiple(() =>
        {
            Assert.That(repeated.Select(m => m.Header("Message-ID")), Is.EqualTo(first.Select(m => m.Header("Message-ID"))));
            Assert.That(first[0].Header("Message-ID"), Is.EqualTo("<" + MessageIds.For(request.Id, "dev-manager@example.com", "created", "example.com") + ">"));
            Assert.That(H.Host.Logs.Lines.Select(l => l.Message), Has.Some.Contain("sent again with the same Message-ID"));
        });
    }

    [Test]
    public async Task Reviewed_ReplyLostAfterTheServerTookIt_ResumedStepResendsTheReplyWithItsIdInTheSameThread()
    {
        var request = EmailRequests.Pending();
        Assert.That(await H.CreatedAsync(request), Is.Null);
        var reviewed = request with { Reviews = [EmailRequests.Approval()] };
        Assert.That(await H.ReviewAsync((reviewed, reviewed.Reviews[0], 0)), Is.Null);
        H.LoseLastAttempt();

        Assert.That(await H.ReviewAsync((reviewed, reviewed.Reviews[0], 0)), Is.Null);

        var messages = Server.Messages;
        Assert.That(messages, Has.Count.EqualTo(2 + 2 + 2));
        var replies = messages.Skip(2).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(replies[2].Header("Message-ID"), Is.EqualTo(replies[0].Header("Message-ID")));
            Assert.That(replies[3].Header("Message-ID"), Is.EqualTo(replies[1].Header("Message-ID")));
            Assert.That(replies[2].Header("In-Reply-To"), Is.EqualTo(messages[0].Header("Message-ID")));
        });
    }
}
